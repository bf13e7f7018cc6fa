-- Configuration of the kong-lua plugin: every field has a default and a constraint.
local typedefs = require "kong.db.schema.typedefs"

return {
  name = "kong-lua",
  fields = {
    { consumer = typedefs.no_consumer },
    { protocols = typedefs.protocols_http },
    {
      config = {
        type = "record",
        fields = {
          { wallarm_node_address = {
              description = "The filtering node, http(s)://host:port, e.g. "
                .. "http://next-processing.wallarm-node.svc.cluster.local:5000",
              type = "string", required = true, match = "^https?://[^/:%s]+:%d+$" } },
          { timeout_ms = {
              description = "How long to wait for a verdict before failing open or closed.",
              type = "integer", required = true, default = 1000, between = { 1, 60000 } } },
          { blocking = {
              description = "true: wait for a verdict (inline); false: send copies to "
                .. "/v1/mirror and never wait.",
              type = "boolean", required = true, default = true } },
          { fail_open = {
              description = "When the node cannot answer: true lets the request through, "
                .. "false answers 503.",
              type = "boolean", required = true, default = true } },
          { inspect_response = {
              description = "Send the response's status and headers to /v1/mirror after it "
                .. "is sent, from a timer.",
              type = "boolean", required = true, default = true } },
          { inspect_response_body = {
              description = "Also send the response body (up to max_body_bytes).",
              type = "boolean", required = true, default = false } },
          { max_body_bytes = {
              description = "At most this much of a body is sent; body_size tells the real size.",
              type = "integer", required = true, default = 65536, between = { 0, 16777216 } } },
          { keepalive_pool_size = {
              description = "Connections to the node kept open per worker.",
              type = "integer", required = true, default = 64, between = { 1, 10000 } } },
          { keepalive_idle_timeout_ms = {
              description = "How long an idle connection to the node is kept.",
              type = "integer", required = true, default = 60000, between = { 1000, 3600000 } } },
          { ssl_verify = {
              description = "Verify the node's certificate when its address is https.",
              type = "boolean", required = true, default = false } },
          { log_interval_s = {
              description = "Failures to reach the node are logged at most once per interval.",
              type = "integer", required = true, default = 60, between = { 1, 86400 } } },
        },
      },
    },
  },
}
