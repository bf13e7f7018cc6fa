-- A minimal HTTP/1.1 client on ngx.socket.tcp with a keepalive pool: POSTs one message to
-- the node and reads the reply (Content-Length or chunked). Errors are returned as
-- nil, message; nothing here raises.

local ngx = ngx
local tonumber, tostring, concat, lower, find, sub, match =
  tonumber, tostring, table.concat, string.lower, string.find, string.sub, string.match

local _M = {}

-- "http(s)://host:port" -> scheme, host, port (validated by the schema already).
function _M.parse_address(address)
  local scheme, host, port = match(address, "^(https?)://([^/:]+):(%d+)$")
  if not scheme then return nil, "invalid node address " .. tostring(address) end
  return scheme, host, tonumber(port)
end

local function read_body(sock, headers)
  local length = tonumber(headers["content-length"])
  if length then
    if length == 0 then return "" end
    return sock:receive(length)
  end
  if headers["transfer-encoding"] and find(lower(headers["transfer-encoding"]), "chunked", 1, true) then
    local parts = {}
    while true do
      local line, err = sock:receive("*l")
      if not line then return nil, err end
      local size = tonumber(match(line, "^%x+"), 16)
      if not size then return nil, "bad chunk size" end
      if size == 0 then
        sock:receive("*l")
        return concat(parts)
      end
      local chunk, cerr = sock:receive(size)
      if not chunk then return nil, cerr end
      parts[#parts + 1] = chunk
      sock:receive("*l")
    end
  end
  return nil, "reply without a length"
end

-- POST `body` to `path` on the node. Returns status, headers, body or nil, error.
function _M.post(conf, path, body, content_type)
  local scheme, host, port = _M.parse_address(conf.wallarm_node_address)
  if not scheme then return nil, host end
  local sock = ngx.socket.tcp()
  sock:settimeout(conf.timeout_ms)
  local pool = scheme .. ":" .. host .. ":" .. port
  local ok, err = sock:connect(host, port, { pool = pool, pool_size = conf.keepalive_pool_size })
  if not ok then return nil, "connect: " .. tostring(err) end
  if scheme == "https" and sock:getreusedtimes() == 0 then
    ok, err = sock:sslhandshake(nil, host, conf.ssl_verify)
    if not ok then sock:close(); return nil, "tls: " .. tostring(err) end
  end
  local request = "POST " .. path .. " HTTP/1.1\r\nHost: " .. host .. ":" .. port ..
    "\r\nContent-Type: " .. content_type .. "\r\nContent-Length: " .. #body ..
    "\r\nUser-Agent: kong-lua/1.0.0\r\n\r\n" .. body
  local sent
  sent, err = sock:send(request)
  if not sent then sock:close(); return nil, "send: " .. tostring(err) end
  local status_line
  status_line, err = sock:receive("*l")
  if not status_line then sock:close(); return nil, "receive: " .. tostring(err) end
  local status = tonumber(match(status_line, "^HTTP/1%.%d (%d%d%d)"))
  if not status then sock:close(); return nil, "bad status line " .. status_line end
  local headers = {}
  while true do
    local line
    line, err = sock:receive("*l")
    if not line then sock:close(); return nil, "receive: " .. tostring(err) end
    if line == "" then break end
    local name, value = match(line, "^([^:]+):%s*(.-)%s*$")
    if name then headers[lower(name)] = value end
  end
  local reply
  reply, err = read_body(sock, headers)
  if not reply then sock:close(); return nil, "receive: " .. tostring(err) end
  if headers["connection"] and lower(headers["connection"]) == "close" then
    sock:close()
  else
    sock:setkeepalive(conf.keepalive_idle_timeout_ms, conf.keepalive_pool_size)
  end
  return status, headers, reply
end

return _M
