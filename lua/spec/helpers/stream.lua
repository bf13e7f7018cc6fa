-- A faithful stand-in for the Envoy Lua stream handle rrasync uses: ordered header maps
-- with pseudo-headers, a body buffer, stream info with dynamic metadata, and httpCall
-- recording what would be sent.
local M = {}

local function header_map(pairs_list)
  local map = { list = pairs_list }
  function map:get(name)
    for _, pair in ipairs(self.list) do
      if pair[1] == name then return pair[2] end
    end
    return nil
  end
  return setmetatable(map, { __pairs = function(self)
    local i = 0
    return function()
      i = i + 1
      local pair = self.list[i]
      if pair then return pair[1], pair[2] end
    end
  end })
end

-- Lua 5.1 has no __pairs: iterate header maps the way Envoy's does, in order.
local raw_pairs = pairs
function _G.pairs(t)
  local mt = getmetatable(t)
  if mt and mt.__pairs then return mt.__pairs(t) end
  return raw_pairs(t)
end

function M.handle(spec, shared)
  shared = shared or { metadata = {}, calls = {}, warnings = {}, body_reads = 0 }
  local handle = {}
  local headers = header_map(spec.headers)
  function handle:headers() return headers end
  function handle:body()
    shared.body_reads = shared.body_reads + 1
    local data = spec.body or ""
    return { length = function() return #data end,
             getBytes = function(_, start, count) return data:sub(start + 1, start + count) end }
  end
  -- Chunks as they stream past (spec.chunks, else the body in one): never buffered.
  function handle:bodyChunks()
    shared.streamed = (shared.streamed or 0) + 1
    local chunks, i = spec.chunks or (spec.body and { spec.body } or {}), 0
    return function()
      i = i + 1
      local data = chunks[i]
      if data == nil then return nil end
      return { length = function() return #data end,
               getBytes = function(_, start, count) return data:sub(start + 1, start + count) end }
    end
  end
  function handle:streamInfo()
    return {
      protocol = function() return spec.protocol or "HTTP/1.1" end,
      downstreamRemoteAddress = function() return spec.remote or "203.0.113.9:40000" end,
      downstreamSslConnection = function() return spec.ssl end,
      dynamicMetadata = function()
        return {
          set = function(_, namespace, key, value)
            shared.metadata[namespace] = shared.metadata[namespace] or {}
            shared.metadata[namespace][key] = value
          end,
          get = function(_, namespace) return shared.metadata[namespace] end,
        }
      end,
    }
  end
  function handle:httpCall(cluster, call_headers, body, timeout, asynchronous)
    shared.calls[#shared.calls + 1] = { cluster = cluster, headers = call_headers, body = body,
                                        timeout = timeout, asynchronous = asynchronous }
    if spec.call_raises then error("no healthy upstream") end
  end
  function handle:logWarn(message) shared.warnings[#shared.warnings + 1] = message end
  return handle, shared
end

return M
