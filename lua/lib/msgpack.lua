-- A small MessagePack encoder and decoder for the connector wire protocol (v1).
--
-- Plain Lua 5.1 / LuaJIT, no C modules and no bit library: runs in Kong, in Envoy, in bare
-- nginx with the Lua module, and in busted. Lua strings are bytes; a string is sent as
-- `str` unless wrapped with `msgpack.bin(s)`. Tables with keys 1..n are arrays, other
-- tables maps; `msgpack.array({})` marks an empty array. Decoded `bin` values are strings.

local floor, frexp, ldexp, huge = math.floor, math.frexp, math.ldexp, math.huge
local char, byte, sub, concat = string.char, string.byte, string.sub, table.concat
local type, pairs, ipairs, setmetatable, getmetatable, error, tostring =
  type, pairs, ipairs, setmetatable, getmetatable, error, tostring

local _M = { _VERSION = "1.0.0" }

local BIN = {}
local ARRAY = {}

function _M.bin(s)
  return setmetatable({ value = s }, BIN)
end

function _M.array(t)
  return setmetatable(t or {}, ARRAY)
end

local function be(n, bytes)
  local out = {}
  for i = bytes, 1, -1 do
    out[i] = char(n % 256)
    n = floor(n / 256)
  end
  return concat(out)
end

local function double(x)
  if x ~= x then return "\203\127\248\0\0\0\0\0\0" end
  if x == huge then return "\203\127\240\0\0\0\0\0\0" end
  if x == -huge then return "\203\255\240\0\0\0\0\0\0" end
  local sign = 0
  if x < 0 or (x == 0 and 1 / x < 0) then sign = 128; x = -x end
  local mantissa, exponent = frexp(x)
  if x == 0 then
    mantissa, exponent = 0, 0
  elseif exponent < -1021 then -- subnormal
    mantissa = ldexp(mantissa, exponent + 1022)
    exponent = 0
  else
    mantissa = mantissa * 2 - 1
    exponent = exponent + 1022
  end
  mantissa = floor(ldexp(mantissa, 52) + 0.5)
  local high = floor(mantissa / 4294967296)
  local low = mantissa % 4294967296
  return "\203" .. char(sign + floor(exponent / 16)) .. char((exponent % 16) * 16 + floor(high / 65536))
    .. be(high % 65536, 2) .. be(low, 4)
end

local function is_array(t)
  if getmetatable(t) == ARRAY then return true end
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  for i = 1, n do
    if t[i] == nil then return false end
  end
  return n > 0
end

local encode

local function str(s, bin)
  local n = #s
  if bin then
    if n < 256 then return "\196" .. char(n) .. s end
    if n < 65536 then return "\197" .. be(n, 2) .. s end
    return "\198" .. be(n, 4) .. s
  end
  if n < 32 then return char(160 + n) .. s end
  if n < 256 then return "\217" .. char(n) .. s end
  if n < 65536 then return "\218" .. be(n, 2) .. s end
  return "\219" .. be(n, 4) .. s
end

local function integer(n)
  if n >= 0 then
    if n < 128 then return char(n) end
    if n < 256 then return "\204" .. char(n) end
    if n < 65536 then return "\205" .. be(n, 2) end
    if n < 4294967296 then return "\206" .. be(n, 4) end
    return "\207" .. be(n, 8)
  end
  if n >= -32 then return char(256 + n) end
  if n >= -128 then return "\208" .. char(256 + n) end
  if n >= -32768 then return "\209" .. be(65536 + n, 2) end
  if n >= -2147483648 then return "\210" .. be(4294967296 + n, 4) end
  return double(n) -- beyond 32-bit negatives: exactness is not needed by the protocol
end

encode = function(value, out)
  local t = type(value)
  if t == "nil" then
    out[#out + 1] = "\192"
  elseif t == "boolean" then
    out[#out + 1] = value and "\195" or "\194"
  elseif t == "number" then
    if value == floor(value) and value > -9007199254740992 and value < 9007199254740992 then
      out[#out + 1] = integer(value)
    else
      out[#out + 1] = double(value)
    end
  elseif t == "string" then
    out[#out + 1] = str(value, false)
  elseif t == "table" then
    if getmetatable(value) == BIN then
      out[#out + 1] = str(value.value, true)
    elseif is_array(value) then
      local n = #value
      out[#out + 1] = n < 16 and char(144 + n) or (n < 65536 and "\220" .. be(n, 2) or "\221" .. be(n, 4))
      for _, item in ipairs(value) do encode(item, out) end
    else
      local n = 0
      for _ in pairs(value) do n = n + 1 end
      out[#out + 1] = n < 16 and char(128 + n) or (n < 65536 and "\222" .. be(n, 2) or "\223" .. be(n, 4))
      for k, v in pairs(value) do
        encode(tostring(k), out)
        encode(v, out)
      end
    end
  else
    error("msgpack: cannot encode a " .. t)
  end
end

function _M.encode(value)
  local out = {}
  encode(value, out)
  return concat(out)
end

local function uint(s, pos, bytes)
  local n = 0
  for i = pos, pos + bytes - 1 do n = n * 256 + byte(s, i) end
  return n
end

local function int(s, pos, bytes)
  local n = uint(s, pos, bytes)
  local limit = 2 ^ (8 * bytes - 1)
  if n >= limit then n = n - 2 * limit end
  return n
end

local function read_double(s, pos)
  local b1, b2 = byte(s, pos, pos + 1)
  local sign = b1 >= 128 and -1 or 1
  local exponent = (b1 % 128) * 16 + floor(b2 / 16)
  local mantissa = (b2 % 16) * 281474976710656 + uint(s, pos + 2, 6)
  if exponent == 2047 then
    return mantissa == 0 and sign * huge or 0 / 0
  elseif exponent == 0 then
    return sign * ldexp(mantissa, -1074)
  end
  return sign * ldexp(mantissa + 4503599627370496, exponent - 1075)
end

local function read_float(s, pos)
  local b1, b2 = byte(s, pos, pos + 1)
  local sign = b1 >= 128 and -1 or 1
  local exponent = (b1 % 128) * 2 + floor(b2 / 128)
  local mantissa = (b2 % 128) * 65536 + uint(s, pos + 2, 2)
  if exponent == 255 then return mantissa == 0 and sign * huge or 0 / 0 end
  if exponent == 0 then return sign * ldexp(mantissa, -149) end
  return sign * ldexp(mantissa + 8388608, exponent - 150)
end

local decode

local function need(s, pos, n)
  if pos + n - 1 > #s then error("msgpack: truncated input", 0) end
end

local function items(s, pos, n, map)
  local t = {}
  for i = 1, n do
    if map then
      local k, v
      k, pos = decode(s, pos)
      v, pos = decode(s, pos)
      t[k] = v
    else
      t[i], pos = decode(s, pos)
    end
  end
  if not map then setmetatable(t, ARRAY) end
  return t, pos
end

decode = function(s, pos)
  need(s, pos, 1)
  local b = byte(s, pos)
  pos = pos + 1
  if b < 128 then return b, pos end
  if b < 144 then return items(s, pos, b - 128, true) end
  if b < 160 then return items(s, pos, b - 144, false) end
  if b < 192 then
    local n = b - 160
    need(s, pos, n)
    return sub(s, pos, pos + n - 1), pos + n
  end
  if b >= 224 then return b - 256, pos end
  if b == 192 then return nil, pos end
  if b == 194 then return false, pos end
  if b == 195 then return true, pos end
  if b == 196 or b == 217 then need(s, pos, 1); local n = byte(s, pos); need(s, pos + 1, n); return sub(s, pos + 1, pos + n), pos + 1 + n end
  if b == 197 or b == 218 then need(s, pos, 2); local n = uint(s, pos, 2); need(s, pos + 2, n); return sub(s, pos + 2, pos + 1 + n), pos + 2 + n end
  if b == 198 or b == 219 then need(s, pos, 4); local n = uint(s, pos, 4); need(s, pos + 4, n); return sub(s, pos + 4, pos + 3 + n), pos + 4 + n end
  if b == 202 then need(s, pos, 4); return read_float(s, pos), pos + 4 end
  if b == 203 then need(s, pos, 8); return read_double(s, pos), pos + 8 end
  if b >= 204 and b <= 207 then local n = 2 ^ (b - 204); need(s, pos, n); return uint(s, pos, n), pos + n end
  if b >= 208 and b <= 211 then local n = 2 ^ (b - 208); need(s, pos, n); return int(s, pos, n), pos + n end
  if b == 220 then need(s, pos, 2); return items(s, pos + 2, uint(s, pos, 2), false) end
  if b == 221 then need(s, pos, 4); return items(s, pos + 4, uint(s, pos, 4), false) end
  if b == 222 then need(s, pos, 2); return items(s, pos + 2, uint(s, pos, 2), true) end
  if b == 223 then need(s, pos, 4); return items(s, pos + 4, uint(s, pos, 4), true) end
  error("msgpack: unsupported type byte " .. b, 0)
end

-- Decode one value; returns value, or nil and an error message.
function _M.decode(s)
  local ok, value, pos = pcall(decode, s, 1)
  if not ok then return nil, value end
  if pos ~= #s + 1 then return nil, "msgpack: trailing bytes" end
  return value
end

return _M
