-- Applies a plugin schema's config record the way Kong's schema library does for the
-- constraints kong-lua uses: type, required, default, between, match, one_of.
local M = {}

local function check(name, spec, value)
  if value == nil then
    if spec.default ~= nil then return spec.default end
    if spec.required then return nil, name .. ": required field missing" end
    return nil
  end
  local expected = ({ string = "string", integer = "number", number = "number", boolean = "boolean" })[spec.type]
  if type(value) ~= expected or (spec.type == "integer" and value ~= math.floor(value)) then
    return nil, name .. ": expected " .. spec.type
  end
  if spec.between and (value < spec.between[1] or value > spec.between[2]) then
    return nil, ("%s: value should be between %d and %d"):format(name, spec.between[1], spec.between[2])
  end
  if spec.match and not string.match(value, spec.match) then
    return nil, name .. ": invalid value: " .. value
  end
  return value
end

function M.config(schema, input)
  local record
  for _, field in ipairs(schema.fields) do
    if field.config then record = field.config end
  end
  local out, errors = {}, {}
  for _, field in ipairs(record.fields) do
    local name, spec = next(field)
    local value, err = check(name, spec, input[name])
    if err then errors[name] = err else out[name] = value end
  end
  for name in pairs(input) do
    local known = false
    for _, field in ipairs(record.fields) do known = known or next(field) == name end
    if not known then errors[name] = name .. ": unknown field" end
  end
  if next(errors) then return nil, errors end
  return out
end

return M
