-- The two Kong typedefs the schema uses, as Kong 3.x defines them.
return {
  no_consumer = { type = "foreign", reference = "consumers", eq = ngx and ngx.null or "null" },
  protocols_http = {
    type = "set", required = true,
    default = { "grpc", "grpcs", "http", "https" },
    elements = { type = "string", one_of = { "grpc", "grpcs", "http", "https" } },
  },
}
