"""Filtering node: an open-source API-security (WAF) engine for Kong and Istio gateways."""

__version__ = "0.1.0"
