package.loaded["kong.db.schema.typedefs"] = require "typedefs"
local validate = require "validate"
local schema = require "kong.plugins.kong-lua.schema"

describe("kong-lua schema", function()
  it("is named kong-lua and fills every default", function()
    assert.equal("kong-lua", schema.name)
    local config = assert(validate.config(schema, {
      wallarm_node_address = "http://next-processing.wallarm-node.svc.cluster.local:5000",
    }))
    assert.same({
      wallarm_node_address = "http://next-processing.wallarm-node.svc.cluster.local:5000",
      timeout_ms = 1000, blocking = true, fail_open = true, inspect_response = true,
      inspect_response_body = false, max_body_bytes = 65536, keepalive_pool_size = 64,
      keepalive_idle_timeout_ms = 60000, ssl_verify = false, log_interval_s = 60,
    }, config)
  end)

  it("gives every field a default or makes it required, and a constraint", function()
    for _, field in ipairs(schema.fields[3].config.fields) do
      local name, spec = next(field)
      assert.is_true(spec.default ~= nil or spec.required == true, name)
      assert.is_true(spec.type == "boolean" or spec.between ~= nil or spec.match ~= nil, name)
      assert.is_string(spec.description, name)
    end
  end)

  it("requires the node address", function()
    local ok, errors = validate.config(schema, {})
    assert.is_nil(ok)
    assert.matches("required field missing", errors.wallarm_node_address)
  end)

  for _, address in ipairs({ "next-processing:5000", "http://node", "ftp://node:21",
                             "http://node:5000/path", "http://no de:5000" }) do
    it("rejects the address " .. address, function()
      local ok, errors = validate.config(schema, { wallarm_node_address = address })
      assert.is_nil(ok)
      assert.matches("invalid value", errors.wallarm_node_address)
    end)
  end

  it("accepts https addresses", function()
    assert.truthy(validate.config(schema, { wallarm_node_address = "https://10.0.0.5:5443" }))
  end)

  it("bounds the numbers", function()
    local _, errors = validate.config(schema, {
      wallarm_node_address = "http://n:1", timeout_ms = 0, max_body_bytes = -1,
      keepalive_pool_size = 0,
    })
    assert.matches("between 1 and 60000", errors.timeout_ms)
    assert.matches("between 0 and 16777216", errors.max_body_bytes)
    assert.matches("between 1 and 10000", errors.keepalive_pool_size)
  end)
end)
