"""The REST API's shared parts: strict input, service errors as 400/403, the visible-records viewset."""
