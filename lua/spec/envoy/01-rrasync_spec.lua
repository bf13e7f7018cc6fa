local stream = require "stream"
local msgpack = require "msgpack"
local rrasync = require "rrasync"

local function request_headers(extra)
  local list = { { ":method", "POST" }, { ":path", "/api/orders?id=7" },
                 { ":authority", "shop.example" }, { ":scheme", "https" },
                 { "x-request-id", "abc-123" }, { "cookie", "a=1" }, { "cookie", "b=2" } }
  for _, pair in ipairs(extra or {}) do list[#list + 1] = pair end
  return list
end

local function sent(shared, n)
  return assert(msgpack.decode(shared.calls[n].body))
end

describe("rrasync", function()
  it("copies the request to /v1/mirror, asynchronously, on the node cluster", function()
    local handle, shared = stream.handle({
      headers = request_headers({ { "content-length", "11" } }), body = "hello world",
    })
    rrasync.on_request(handle, {})
    local call = shared.calls[1]
    assert.equal("filtering_node", call.cluster)
    assert.same({ ["POST"] = true }, { [call.headers[":method"]] = true })
    assert.equal("/v1/mirror", call.headers[":path"])
    assert.equal("application/msgpack", call.headers["content-type"])
    assert.equal(1000, call.timeout)
    assert.is_true(call.asynchronous)
    local message = sent(shared, 1)
    assert.same({ 1, "request", "abc-123", "POST", "https", "shop.example", "/api/orders?id=7",
                  "1.1", "203.0.113.9", 40000, "hello world", 11 },
                { message.v, message.kind, message.id, message.method, message.scheme,
                  message.host, message.uri, message.http_version, message.client_ip,
                  message.client_port, message.body, message.body_size })
    assert.same({ { "x-request-id", "abc-123" }, { "cookie", "a=1" }, { "cookie", "b=2" },
                  { "content-length", "11" } }, message.headers)
    assert.equal("envoy-lua/1.0.0", message.connector)
  end)

  it("never buffers a body of unknown or too large a size: copies its head as it streams", function()
    local chunked, shared = stream.handle({
      headers = request_headers(), chunks = { "q=<scr", "ipt>x", "&rest" },
    })
    rrasync.on_request(chunked, {})
    local big, big_shared = stream.handle({
      headers = request_headers({ { "content-length", "70000" } }),
      chunks = { string.rep("a", 40000), string.rep("b", 30000) },
    })
    rrasync.on_request(big, {})
    assert.equal(0, shared.body_reads + big_shared.body_reads)
    assert.equal("q=<script>x&rest", sent(shared, 1).body)
    assert.equal(16, sent(shared, 1).body_size)
    local head = sent(big_shared, 1).body
    assert.equal(65536, #head)
    assert.equal(string.rep("a", 40000) .. string.rep("b", 25536), head)
    assert.equal(70000, sent(big_shared, 1).body_size)
  end)

  it("joins the response to its request through dynamic metadata", function()
    local request, shared = stream.handle({ headers = request_headers() })
    rrasync.on_request(request, {})
    local response = stream.handle({ headers = { { ":status", "201" }, { "content-type", "application/json" } } }, shared)
    rrasync.on_response(response, {})
    local message = sent(shared, 2)
    assert.same({ "response", "abc-123", 201 }, { message.kind, message.id, message.status })
    assert.same({ { "content-type", "application/json" } }, message.headers)
    assert.is_nil(message.body)
  end)

  it("generates an id when the request has none, or a bad one", function()
    local handle, shared = stream.handle({ headers = { { ":path", "/" }, { "x-request-id", "bad id!" } } })
    rrasync.on_request(handle, {})
    local id = sent(shared, 1).id
    assert.matches("^env%-%x+$", id)
    assert.equal(id, shared.metadata["filtering-node"].id)
  end)

  it("sends the response body when asked and its size is known to fit", function()
    local request, shared = stream.handle({ headers = request_headers() })
    rrasync.on_request(request, {})
    local response = stream.handle({ headers = { { ":status", "200" }, { "content-length", "2" } },
                                     body = "{}" }, shared)
    rrasync.on_response(response, { inspect_response_body = true })
    assert.equal("{}", sent(shared, 2).body)
  end)

  it("stays quiet about responses it has no request for, or when told to", function()
    local response, shared = stream.handle({ headers = { { ":status", "200" } } })
    rrasync.on_response(response, {})
    local request, other = stream.handle({ headers = request_headers() })
    rrasync.on_request(request, {})
    rrasync.on_response(stream.handle({ headers = { { ":status", "200" } } }, other),
                        { inspect_response = false })
    assert.equal(0, #shared.calls)
    assert.equal(1, #other.calls)
  end)

  it("logs a failure instead of raising into the traffic", function()
    local handle, shared = stream.handle({ headers = request_headers(), call_raises = true })
    assert.has_no.errors(function() rrasync.on_request(handle, {}) end)
    assert.matches("request copy failed", shared.warnings[1])
  end)

  it("takes the cluster, authority and timeout from the entry point's config", function()
    local handle, shared = stream.handle({ headers = request_headers() })
    rrasync.on_request(handle, { cluster = "node2", authority = "n:1", timeout_ms = 250 })
    assert.same({ "node2", "n:1", 250 },
                { shared.calls[1].cluster, shared.calls[1].headers[":authority"], shared.calls[1].timeout })
  end)
end)

describe("rrasync and the golden vectors", function()
  local directory = os.getenv("VECTORS") or "tests/vectors"

  local function vector(name)
    local file = assert(io.open(directory .. "/" .. name, "rb"))
    local data = file:read("*a")
    file:close()
    return assert(msgpack.decode(data))
  end

  it("builds request messages with the keys of the vectors", function()
    local expected = vector("06-truncated-body.msgpack")
    local handle, shared = stream.handle({
      headers = request_headers({ { "content-length", "5" } }), body = "plain",
    })
    rrasync.on_request(handle, {})
    local message = sent(shared, 1)
    for key in pairs(expected) do
      if key ~= "route" then assert.is_not_nil(message[key], key) end
    end
  end)

  it("builds response messages the node accepts in the mirror batch vector", function()
    local batch = vector("08-mirror-batch.msgpack")
    local request, shared = stream.handle({ headers = request_headers() })
    rrasync.on_request(request, {})
    rrasync.on_response(stream.handle({ headers = { { ":status", "200" } } }, shared), {})
    local message = sent(shared, 2)
    for key in pairs(batch[2]) do assert.is_not_nil(message[key], key) end
  end)
end)
