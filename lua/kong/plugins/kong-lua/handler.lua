-- kong-lua: sends each request to the filtering node and enforces its verdict.
--
-- access: the request (method, scheme, host, raw path and query, HTTP version, headers in
-- order, the body up to max_body_bytes, the client address) goes to /v1/inspect as
-- MessagePack; a "block" verdict is answered with the node's status, headers and body.
-- When the node cannot answer, the request passes (fail_open) or gets 503, and the
-- failure is logged at most once per interval. With blocking = false, and for responses
-- (inspect_response), copies go to /v1/mirror from a timer: the client never waits.

local msgpack = require "kong.plugins.kong-lua.msgpack"
local client = require "kong.plugins.kong-lua.client"

local kong = kong
local ngx = ngx
local type, pairs, ipairs, tostring, tonumber, pcall = type, pairs, ipairs, tostring, tonumber, pcall
local io_open, find, gmatch, match, sub = io.open, string.find, string.gmatch, string.match, string.sub

local CONNECTOR = "kong-lua/1.0.0"
-- The most header fields the PDK parses (HTTP/2 and 3, and responses). HTTP/1.x requests
-- send every field of their raw header block, which nginx bounds: a field past any count
-- here would go unanalysed, and the node reports a request with too many as overlimit.
local MAX_HEADERS = 1000
local FAIL_CLOSED_BODY = '{"error": {"code": 503, "message": "filtering node unavailable"}}'

local KongLua = {
  PRIORITY = 995, -- after authentication (key-auth 1250), before ip-restriction (990)
  VERSION = "1.0.0",
}

local last_logged = {}

local function warn_once(conf, kind, message)
  local now = ngx.now()
  if now - (last_logged[kind] or -math.huge) >= conf.log_interval_s then
    last_logged[kind] = now
    kong.log.warn(message)
  end
end

local function request_id()
  local id = kong.request.get_header("x-request-id")
  if type(id) == "string" and #id >= 1 and #id <= 128 and not find(id, "[^%w%._:%-]") then
    return id
  end
  return ngx.var.request_id
end

-- [name, value] pairs appended to `into` from a PDK header table (repeats as arrays).
local function pairs_of(map, into)
  for name, value in pairs(map) do
    if type(value) == "table" then
      for _, item in ipairs(value) do into[#into + 1] = { name, item } end
    else
      into[#into + 1] = { name, value }
    end
  end
  return into
end

-- Headers in the order received, repeats kept: the whole raw header block where there is
-- one (HTTP/1.x), the PDK's table otherwise.
local function ordered_headers()
  local headers = {}
  local ok, raw = pcall(ngx.req.raw_header, true)
  if ok and type(raw) == "string" then
    for line in gmatch(raw, "[^\r\n]+") do
      local name, value = match(line, "^([^:%s]+):%s*(.-)%s*$")
      if name then headers[#headers + 1] = { name, value } end
    end
    return headers
  end
  return pairs_of(kong.request.get_headers(MAX_HEADERS), headers)
end

-- The body up to `max` bytes and the size of the whole body, also when nginx buffered
-- it to a file.
local function request_body(max)
  if max == 0 then
    return "", tonumber(kong.request.get_header("content-length")) or 0
  end
  local body = kong.request.get_raw_body(max)
  if body then
    return sub(body, 1, max), tonumber(kong.request.get_header("content-length")) or #body
  end
  local path = ngx.req.get_body_file()
  if not path then return "", 0 end
  local file = io_open(path, "rb")
  if not file then return "", 0 end
  local head = file:read(max) or ""
  local size = file:seek("end")
  file:close()
  return head, size
end

local function http_version()
  local version = kong.request.get_http_version()
  if version == 2 or version == 3 then return tostring(version) end
  return version and string.format("%.1f", version) or "1.1"
end

local function request_message(conf)
  local query = kong.request.get_raw_query()
  local body, size = request_body(conf.max_body_bytes)
  local route = kong.router and kong.router.get_route and kong.router.get_route()
  return {
    v = 1,
    kind = "request",
    id = request_id(),
    ts = ngx.now(),
    connector = CONNECTOR,
    method = kong.request.get_method(),
    scheme = kong.request.get_scheme(),
    host = kong.request.get_host(),
    uri = kong.request.get_raw_path() .. (query ~= "" and ("?" .. query) or ""),
    http_version = http_version(),
    client_ip = kong.client.get_ip(),
    client_port = kong.client.get_port(),
    headers = msgpack.array(ordered_headers()),
    body = msgpack.bin(body),
    body_size = size,
    route = route and route.name or nil,
  }
end

local function mirror(premature, conf, payload)
  if premature then return end
  local status, err = client.post(conf, "/v1/mirror", payload, "application/msgpack")
  if not status or status >= 300 then
    warn_once(conf, "mirror", "kong-lua: mirror copy not accepted: " .. tostring(status or err))
  end
end

local function fail(conf, reason)
  warn_once(conf, "inspect", "kong-lua: no verdict from the filtering node (" .. reason .. "), "
    .. (conf.fail_open and "passing the request" or "answering 503"))
  if not conf.fail_open then
    return kong.response.exit(503, FAIL_CLOSED_BODY, { ["Content-Type"] = "application/json" })
  end
end

function KongLua:access(conf)
  local message = request_message(conf)
  kong.ctx.plugin.id = message.id
  if not conf.blocking then
    ngx.timer.at(0, mirror, conf, msgpack.encode(message))
    return
  end
  local status, headers, reply = client.post(conf, "/v1/inspect", msgpack.encode(message),
    "application/msgpack")
  if not status then return fail(conf, tostring(headers)) end
  if status ~= 200 then return fail(conf, "status " .. status) end
  local verdict, err = msgpack.decode(reply)
  if type(verdict) ~= "table" or (verdict.verdict ~= "allow" and verdict.verdict ~= "block") then
    return fail(conf, "unreadable verdict " .. tostring(err))
  end
  if verdict.verdict == "block" then
    local headers = {}
    for _, pair in ipairs(verdict.headers or {}) do headers[pair[1]] = pair[2] end
    return kong.response.exit(tonumber(verdict.status) or 403, verdict.body or "", headers)
  end
end

function KongLua:body_filter(conf)
  if not (conf.inspect_response and conf.inspect_response_body) then return end
  local ctx = kong.ctx.plugin
  local chunk = ngx.arg[1]
  ctx.size = (ctx.size or 0) + #chunk
  local kept = ctx.body or ""
  if #kept < conf.max_body_bytes then
    ctx.body = kept .. sub(chunk, 1, conf.max_body_bytes - #kept)
  end
end

function KongLua:log(conf)
  local ctx = kong.ctx.plugin
  if not conf.inspect_response or not ctx.id then return end
  local headers = pairs_of(kong.response.get_headers(MAX_HEADERS), msgpack.array())
  local message = {
    v = 1,
    kind = "response",
    id = ctx.id,
    ts = ngx.now(),
    connector = CONNECTOR,
    status = kong.response.get_status(),
    headers = headers,
  }
  if conf.inspect_response_body then
    message.body = msgpack.bin(ctx.body or "")
    message.body_size = ctx.size or 0
  end
  ngx.timer.at(0, mirror, conf, msgpack.encode(message))
end

return KongLua
