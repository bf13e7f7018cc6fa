-- rrasync: copies of requests and responses to the filtering node, out of band.
--
-- Loaded by a short inline entry point in the EnvoyFilter (see connectors/istio) from the
-- ConfigMap `rr-async-packed` mounted at /usr/local/share/lua/5.1/rrasync. Every copy goes
-- to the node's /v1/mirror with httpCall(..., asynchronous = true): fire and forget, so
-- traffic is never delayed, changed or broken, not even when the node is down. A request
-- and its response share one id (x-request-id, or generated), kept in dynamic metadata.
--
-- Bodies are buffered only when Envoy already knows they fit (a Content-Length within
-- max_body_bytes): buffering a body of unknown or larger size could push it past Envoy's
-- buffer limit and turn the request into a 413, which a mirror must never do. Such a body
-- is copied from its chunks as they stream past instead, up to max_body_bytes.

local msgpack = require "msgpack"

local tostring, tonumber, type, pairs = tostring, tonumber, type, pairs
local find, match, format, random = string.find, string.match, string.format, math.random
local min, concat = math.min, table.concat

local _M = { VERSION = "1.0.0" }

local CONNECTOR = "envoy-lua/1.0.0"
local NAMESPACE = "filtering-node"
local MAX_HEADERS = 200

_M.defaults = {
  cluster = "filtering_node", -- added by the EnvoyFilter's CLUSTER patch
  authority = "next-processing.wallarm-node.svc.cluster.local:5000",
  timeout_ms = 1000,
  max_body_bytes = 65536,
  inspect_response = true,
  inspect_response_body = false,
}

local function settings(config)
  local out = {}
  for key, value in pairs(_M.defaults) do out[key] = value end
  for key, value in pairs(config or {}) do out[key] = value end
  return out
end

local function generated_id()
  return format("env-%08x%08x%08x", random(0, 0x7fffffff), random(0, 0x7fffffff),
    random(0, 0x7fffffff))
end

-- Headers in order, pseudo-headers apart.
local function split(headers)
  local regular, pseudo = msgpack.array(), {}
  for name, value in pairs(headers) do
    if find(name, "^:") then
      pseudo[name] = value
    elseif #regular < MAX_HEADERS then
      regular[#regular + 1] = { name, value }
    end
  end
  return regular, pseudo
end

-- The body and its size. One whose declared length fits is read whole. Any other (no
-- Content-Length, as chunked and most HTTP/2 bodies come, or a longer one) is never
-- buffered: its first `max` bytes are kept from the chunks as they pass on, and the copy
-- goes once the last has passed.
local function body_of(handle, headers, max)
  local declared = headers:get("content-length")
  local length = declared and tonumber(declared)
  if length == 0 then return "", 0 end
  if length and length <= max then
    local body = handle:body()
    if not body then return "", length end
    return body:getBytes(0, body:length()), length
  end
  local kept, size = {}, 0
  for chunk in handle:bodyChunks() do
    local n = chunk:length()
    if size < max then kept[#kept + 1] = chunk:getBytes(0, min(n, max - size)) end
    size = size + n
  end
  return concat(kept), size
end

local function send(handle, config, message)
  handle:httpCall(config.cluster, {
    [":method"] = "POST",
    [":path"] = "/v1/mirror",
    [":authority"] = config.authority,
    ["content-type"] = "application/msgpack",
    ["user-agent"] = CONNECTOR,
  }, msgpack.encode(message), config.timeout_ms, true)
end

local function remote(handle)
  local address = handle:streamInfo():downstreamRemoteAddress() or ""
  local ip, port = match(address, "^%[?([^%]]*)%]?:(%d+)$")
  return ip or address, port and tonumber(port) or 0
end

local function on_request(handle, config)
  config = settings(config)
  local headers = handle:headers()
  local regular, pseudo = split(headers)
  local id = headers:get("x-request-id")
  if type(id) ~= "string" or #id == 0 or #id > 128 or find(id, "[^%w%._:%-]") then
    id = generated_id()
  end
  handle:streamInfo():dynamicMetadata():set(NAMESPACE, "id", id)
  local body, size = body_of(handle, headers, config.max_body_bytes)
  local ip, port = remote(handle)
  local ssl = handle:streamInfo():downstreamSslConnection()
  send(handle, config, {
    v = 1,
    kind = "request",
    id = id,
    ts = os.time(),
    connector = CONNECTOR,
    method = pseudo[":method"] or "GET",
    scheme = pseudo[":scheme"] or (ssl and "https" or "http"),
    host = pseudo[":authority"] or headers:get("host") or "",
    uri = pseudo[":path"] or "/",
    http_version = match(handle:streamInfo():protocol() or "", "^HTTP/(.+)$") or "1.1",
    client_ip = ip,
    client_port = port,
    headers = regular,
    body = msgpack.bin(body),
    body_size = size,
  })
end

local function on_response(handle, config)
  config = settings(config)
  if not config.inspect_response then return end
  local metadata = handle:streamInfo():dynamicMetadata():get(NAMESPACE)
  local id = metadata and metadata.id
  if not id then return end
  local headers = handle:headers()
  local regular, pseudo = split(headers)
  local message = {
    v = 1,
    kind = "response",
    id = id,
    ts = os.time(),
    connector = CONNECTOR,
    status = pseudo[":status"] and tonumber(pseudo[":status"]) or 0,
    headers = regular,
  }
  if config.inspect_response_body then
    local body, size = body_of(handle, headers, config.max_body_bytes)
    message.body = msgpack.bin(body)
    message.body_size = size
  end
  send(handle, config, message)
end

-- A fault in this module is logged, never raised into the traffic it copies.
function _M.on_request(handle, config)
  local ok, err = pcall(on_request, handle, config)
  if not ok then handle:logWarn("filtering-node: request copy failed: " .. tostring(err)) end
end

function _M.on_response(handle, config)
  local ok, err = pcall(on_response, handle, config)
  if not ok then handle:logWarn("filtering-node: response copy failed: " .. tostring(err)) end
end

return _M
