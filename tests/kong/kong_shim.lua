-- A thin stand-in for the Kong PDK functions kong-lua uses, on plain ngx_lua. Test
-- harness only: the plugin itself is loaded unmodified from lua/kong/plugins/kong-lua.
local M = {}

local function first(value)
  if type(value) == "table" then return value[1] end
  return value
end

local function ctx_plugin()
  local ctx = ngx.ctx
  ctx.plugin = ctx.plugin or {}
  return ctx.plugin
end

_G.kong = {
  request = {
    get_method = function() return ngx.req.get_method() end,
    get_scheme = function() return ngx.var.scheme end,
    get_host = function() return ngx.var.host end,
    get_port = function() return tonumber(ngx.var.server_port) end,
    get_http_version = function() return ngx.req.http_version() end,
    get_raw_path = function() return (string.match(ngx.var.request_uri, "^[^?]*")) end,
    get_raw_query = function() return ngx.var.args or "" end,
    get_header = function(name) return first(ngx.req.get_headers()[name]) end,
    get_headers = function(max) return ngx.req.get_headers(max) end,
    -- As Kong's: the body if it is in memory; a buffered file only when it is no larger
    -- than max_allowed_file_size, otherwise nil and an error.
    get_raw_body = function(max_allowed_file_size)
      ngx.req.read_body()
      local data = ngx.req.get_body_data()
      if data then return data end
      local path = ngx.req.get_body_file()
      if not path then return "" end
      local file = io.open(path, "rb")
      local size = file:seek("end")
      if not max_allowed_file_size or size > max_allowed_file_size then
        file:close()
        return nil, "request body file too big"
      end
      file:seek("set")
      local content = file:read("*a")
      file:close()
      return content
    end,
  },
  client = {
    get_ip = function() return ngx.var.remote_addr end,
    get_port = function() return tonumber(ngx.var.remote_port) end,
  },
  response = {
    get_status = function() return ngx.status end,
    get_headers = function(max) return ngx.resp.get_headers(max) end,
    exit = function(status, body, headers)
      ngx.status = status
      for name, value in pairs(headers or {}) do ngx.header[name] = value end
      if body then ngx.print(body) end
      return ngx.exit(ngx.HTTP_OK)
    end,
  },
  log = {
    warn = function(...) ngx.log(ngx.WARN, ...) end,
    err = function(...) ngx.log(ngx.ERR, ...) end,
    info = function(...) ngx.log(ngx.INFO, ...) end,
  },
  ctx = setmetatable({}, { __index = function(_, key)
    if key == "plugin" then return ctx_plugin() end
  end }),
  router = { get_route = function() return { name = "test-route" } end },
}

local handler

-- `configs` maps a name to a plugin configuration, as Kong would pass it (defaults filled).
function M.init(configs)
  M.configs = configs
  handler = require "kong.plugins.kong-lua.handler"
end

function M.phase(name, config)
  local fn = handler[name]
  if fn then return fn(handler, M.configs[config or "default"]) end
end

return M
