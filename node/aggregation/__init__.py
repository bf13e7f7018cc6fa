"""The aggregation tier: events grouped into attacks, counters, the API inventory, and the
API and console that show them. Runs on Redis Streams beside the node, or in-process."""
