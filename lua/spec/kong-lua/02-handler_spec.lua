local pdk = require "pdk"

local CONF = {
  wallarm_node_address = "http://node.local:5000", timeout_ms = 1000, blocking = true,
  fail_open = true, inspect_response = true, inspect_response_body = false,
  max_body_bytes = 16, keepalive_pool_size = 64, keepalive_idle_timeout_ms = 60000,
  ssl_verify = false, log_interval_s = 60,
}

local function conf(overrides)
  local out = {}
  for k, v in pairs(CONF) do out[k] = v end
  for k, v in pairs(overrides or {}) do out[k] = v end
  return out
end

local ALLOW = { v = 1, id = "x", verdict = "allow", mode = "block", application = 1, attacks = {} }
local BLOCK = { v = 1, id = "x", verdict = "block", mode = "block", application = 1,
                attacks = { { type = "sqli", point = "query.q", rule = 1002 } }, status = 403,
                headers = { { "Content-Type", "application/json" } },
                body = '{"error": {"code": 403, "message": "request blocked"}}' }

describe("kong-lua handler", function()
  it("has a priority and a version", function()
    pdk.setup()
    local handler = require "kong.plugins.kong-lua.handler"
    assert.equal(995, handler.PRIORITY)
    assert.equal("1.0.0", handler.VERSION)
  end)

  it("sends the request message of the protocol to /v1/inspect", function()
    local state = pdk.setup({
      method = "POST", path = "/api/orders", query = "id=1&x=%20", http_version = 2,
      headers = { { "Host", "api.example.com" }, { "X-Request-Id", "req-42" },
                  { "Cookie", "a=1" }, { "Cookie", "b=2" } },
      body = "0123456789abcdefTRUNCATED",
    }, pdk.reply(200, ALLOW))
    local handler = require "kong.plugins.kong-lua.handler"
    assert.is_nil(handler:access(conf()))
    local message, path = pdk.sent(state, 1)
    assert.equal("/v1/inspect", path)
    assert.equal(1, message.v)
    assert.equal("request", message.kind)
    assert.equal("req-42", message.id)
    assert.equal("POST", message.method)
    assert.equal("/api/orders?id=1&x=%20", message.uri)
    assert.equal("2", message.http_version)
    assert.equal("203.0.113.7", message.client_ip)
    assert.equal("0123456789abcdef", message.body)
    assert.equal(25, message.body_size)
    assert.equal("kong-lua/1.0.0", message.connector)
    assert.same({ { "Host", "api.example.com" }, { "X-Request-Id", "req-42" },
                  { "Cookie", "a=1" }, { "Cookie", "b=2" } }, message.headers)
    assert.equal("http:node.local:5000", state.connects[1].pool)
    assert.is_true(state.kept_alive)
  end)

  it("falls back to the PDK's headers without a raw header block", function()
    local state = pdk.setup({ raw = false, headers = { { "Host", "h" } } }, pdk.reply(200, ALLOW))
    require("kong.plugins.kong-lua.handler"):access(conf())
    assert.same({ { "host", "h" } }, pdk.sent(state, 1).headers)
  end)

  it("reads a body nginx buffered to a file, up to the limit", function()
    local path = os.tmpname()
    local file = io.open(path, "wb"); file:write(string.rep("z", 1000)); file:close()
    local state = pdk.setup({ body_file = path }, pdk.reply(200, ALLOW))
    require("kong.plugins.kong-lua.handler"):access(conf())
    local message = pdk.sent(state, 1)
    os.remove(path)
    assert.equal(string.rep("z", 16), message.body)
    assert.equal(1000, message.body_size)
  end)

  it("answers a block verdict with the node's status, headers and body", function()
    local state = pdk.setup({}, pdk.reply(200, BLOCK))
    assert.equal("exited", require("kong.plugins.kong-lua.handler"):access(conf()))
    assert.same({ status = 403, body = BLOCK.body,
                  headers = { ["Content-Type"] = "application/json" } }, state.exits[1])
  end)

  it("passes allowed requests", function()
    local state = pdk.setup({}, pdk.reply(200, ALLOW))
    require("kong.plugins.kong-lua.handler"):access(conf())
    assert.equal(0, #state.exits)
  end)

  for name, setup in pairs({
    ["a refused connection"] = function(state) state.refuse = true end,
    ["a timeout"] = function(state) state.timeout_reading = true end,
  }) do
    it("fails open on " .. name .. ", logging once per interval", function()
      local state = pdk.setup({}, pdk.reply(200, ALLOW))
      setup(state)
      local handler = require "kong.plugins.kong-lua.handler"
      handler:access(conf())
      handler:access(conf())
      assert.equal(0, #state.exits)
      assert.equal(1, #state.logs)
      assert.matches("passing the request", state.logs[1])
    end)
  end

  for name, reply in pairs({
    ["a non-200 reply"] = pdk.reply(503, { error = "queue" }),
    ["an unreadable verdict"] = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc",
  }) do
    it("fails closed with 503 on " .. name .. " when configured", function()
      local state = pdk.setup({}, reply)
      require("kong.plugins.kong-lua.handler"):access(conf({ fail_open = false }))
      assert.equal(503, state.exits[1].status)
      assert.matches('"code": 503', state.exits[1].body)
    end)
  end

  it("with blocking off sends a copy to /v1/mirror from a timer and never waits", function()
    local state = pdk.setup({}, pdk.reply(202, { v = 1, accepted = 1, rejected = 0 }))
    local handler = require "kong.plugins.kong-lua.handler"
    handler:access(conf({ blocking = false }))
    assert.equal(0, #state.sent)
    assert.equal(1, #state.timers)
    state.timers[1].fn(false, unpack(state.timers[1].args))
    local message, path = pdk.sent(state, 1)
    assert.equal("/v1/mirror", path)
    assert.equal("request", message.kind)
  end)

  it("sends the response's status and headers with the request's id after the response", function()
    local state = pdk.setup({ headers = { { "X-Request-Id", "r-7" } } }, pdk.reply(200, ALLOW))
    local handler = require "kong.plugins.kong-lua.handler"
    handler:access(conf())
    state.sent = {}
    handler:log(conf())
    assert.equal(1, #state.timers)
    state.timers[1].fn(false, unpack(state.timers[1].args))
    local message, path = pdk.sent(state, 1)
    assert.equal("/v1/mirror", path)
    assert.same({ "response", "r-7", 200 }, { message.kind, message.id, message.status })
    table.sort(message.headers, function(a, b) return a[2] < b[2] end)
    assert.same({ { "x-multi", "a" }, { "content-type", "application/json" }, { "x-multi", "b" } },
                message.headers)
  end)

  it("sends the response body when asked, truncated", function()
    local state = pdk.setup({}, pdk.reply(200, ALLOW))
    local handler = require "kong.plugins.kong-lua.handler"
    local c = conf({ inspect_response_body = true })
    handler:access(c)
    state.sent = {}
    for _, chunk in ipairs({ "0123456789", "abcdefghij" }) do
      ngx.arg[1] = chunk
      handler:body_filter(c)
    end
    handler:log(c)
    state.timers[1].fn(false, unpack(state.timers[1].args))
    local message = pdk.sent(state, 1)
    assert.equal("0123456789abcdef", message.body)
    assert.equal(20, message.body_size)
  end)
end)
