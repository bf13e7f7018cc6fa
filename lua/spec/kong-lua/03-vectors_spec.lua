-- The golden wire vectors in tests/vectors: kong-lua's MessagePack reads every message
-- the node's tests send, writes it back identically, and its request messages carry the
-- same keys as the vectors.
local msgpack = require "kong.plugins.kong-lua.msgpack"
local pdk = require "pdk"

local VECTORS = os.getenv("VECTORS") or "tests/vectors"

local function files()
  local list = {}
  local pipe = io.popen('ls "' .. VECTORS .. '"')
  for name in pipe:lines() do
    if name:match("%.msgpack$") then list[#list + 1] = name end
  end
  pipe:close()
  table.sort(list)
  return list
end

local function read(name)
  local file = assert(io.open(VECTORS .. "/" .. name, "rb"))
  local data = file:read("*a")
  file:close()
  return data
end

describe("golden vectors", function()
  local names = files()

  it("are there", function() assert.is_true(#names >= 8) end)

  for _, name in ipairs(names) do
    it("round-trips " .. name, function()
      local value = assert(msgpack.decode(read(name)))
      local again = assert(msgpack.decode(msgpack.encode(value)))
      assert.same(value, again)
    end)
  end

  it("decodes the benign request exactly", function()
    local message = assert(msgpack.decode(read("01-benign-get.msgpack")))
    assert.equal(1, message.v)
    assert.equal("request", message.kind)
    assert.equal("/api/v1/users/42?fields=name,email", message.uri)
    assert.equal(1767225600.0, message.ts)
    assert.same({ "Host", "api.example.com" }, message.headers[1])
  end)

  it("keeps binary bodies intact", function()
    local message = assert(msgpack.decode(read("04-xss-json-body.msgpack")))
    assert.equal('{"text": "<script>alert(1)</script>"}', message.body)
  end)

  it("builds request messages with the vectors' keys", function()
    local vector = assert(msgpack.decode(read("04-xss-json-body.msgpack")))
    local state = pdk.setup({ method = "POST", body = "{}" },
      "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
    require("kong.plugins.kong-lua.handler"):access({
      wallarm_node_address = "http://n:1", timeout_ms = 1, blocking = true, fail_open = true,
      inspect_response = false, inspect_response_body = false, max_body_bytes = 10,
      keepalive_pool_size = 1, keepalive_idle_timeout_ms = 1000, ssl_verify = false,
      log_interval_s = 60,
    })
    local sent = pdk.sent(state, 1)
    for key in pairs(vector) do
      assert.is_not_nil(sent[key], key)
    end
  end)
end)
