-- A faithful stand-in for the Kong PDK and the ngx API pieces kong-lua touches, for unit
-- specs: the request is a table, the node is a scripted socket, timers are recorded.
local M = {}

function M.setup(request, node_reply)
  local state = { exits = {}, timers = {}, sent = {}, logs = {}, connects = {}, ctx = {} }
  request = request or {}
  local headers = request.headers or { { "Host", "api.example.com" } }

  _G.ngx = {
    null = {},
    now = function() return 1767225600.5 end,
    var = { request_id = "0123456789abcdef0123456789abcdef" },
    req = {
      raw_header = function() 
        if request.raw == false then error("no raw header for HTTP/2") end
        local lines = { (request.method or "GET") .. " / HTTP/1.1" }
        for _, pair in ipairs(headers) do lines[#lines + 1] = pair[1] .. ": " .. pair[2] end
        return table.concat(lines, "\r\n") .. "\r\n\r\n"
      end,
      get_body_file = function() return request.body_file end,
    },
    arg = {},
    socket = {
      tcp = function()
        local sock = { buffer = node_reply or "" }
        function sock:settimeout(ms) state.timeout = ms end
        function sock:connect(host, port, opts)
          state.connects[#state.connects + 1] = { host = host, port = port, pool = opts and opts.pool }
          if state.refuse then return nil, "connection refused" end
          return 1
        end
        function sock:getreusedtimes() return 0 end
        function sock:sslhandshake() return true end
        function sock:send(data) state.sent[#state.sent + 1] = data; return #data end
        function sock:receive(what)
          if state.timeout_reading then return nil, "timeout" end
          if what == "*l" then
            local line, rest = self.buffer:match("^(.-)\r\n(.*)$")
            if not line then return nil, "closed" end
            self.buffer = rest
            return line
          end
          local chunk = self.buffer:sub(1, what)
          self.buffer = self.buffer:sub(what + 1)
          return chunk
        end
        function sock:setkeepalive() state.kept_alive = true; return 1 end
        function sock:close() state.closed = true; return 1 end
        return sock
      end,
    },
    timer = { at = function(delay, fn, ...) state.timers[#state.timers + 1] = { fn = fn, args = { ... } }; return true end },
    log = function() end, WARN = 4,
  }

  local lowered = {}
  for _, pair in ipairs(headers) do lowered[pair[1]:lower()] = pair[2] end
  _G.kong = {
    request = {
      get_method = function() return request.method or "GET" end,
      get_scheme = function() return request.scheme or "https" end,
      get_host = function() return request.host or "api.example.com" end,
      get_http_version = function() return request.http_version or 1.1 end,
      get_raw_path = function() return request.path or "/" end,
      get_raw_query = function() return request.query or "" end,
      get_header = function(name) return lowered[name:lower()] end,
      get_headers = function() return lowered end,
      get_raw_body = function(max)
        if request.body_file then return nil, "request body file too big" end
        return request.body or ""
      end,
    },
    client = {
      get_ip = function() return request.client_ip or "203.0.113.7" end,
      get_port = function() return 51234 end,
    },
    response = {
      exit = function(status, body, hdrs)
        state.exits[#state.exits + 1] = { status = status, body = body, headers = hdrs }
        return "exited"
      end,
      get_status = function() return 200 end,
      get_headers = function() return { ["content-type"] = "application/json", ["x-multi"] = { "a", "b" } } end,
    },
    log = { warn = function(msg) state.logs[#state.logs + 1] = msg end },
    ctx = { plugin = state.ctx },
    router = { get_route = function() return { name = "orders" } end },
  }
  -- reload the plugin modules against the fresh globals
  for name in pairs(package.loaded) do
    if name:find("^kong%.plugins%.kong%-lua") then package.loaded[name] = nil end
  end
  return state
end

-- An HTTP reply from the node carrying a MessagePack document.
function M.reply(status, document)
  local msgpack = require "kong.plugins.kong-lua.msgpack"
  local body = document and msgpack.encode(document) or ""
  return ("HTTP/1.1 %d OK\r\nContent-Type: application/msgpack\r\nContent-Length: %d\r\n\r\n%s")
    :format(status, #body, body)
end

-- The MessagePack document of the n-th request sent to the node, and its path.
function M.sent(state, n)
  local msgpack = require "kong.plugins.kong-lua.msgpack"
  local raw = state.sent[n]
  local path = raw:match("^POST (%S+) HTTP/1.1")
  local body = raw:match("\r\n\r\n(.*)$")
  return assert(msgpack.decode(body)), path
end

return M
