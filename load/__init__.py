"""Load tests and throughput benchmarks of the node and its gateways."""
