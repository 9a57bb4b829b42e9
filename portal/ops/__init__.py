"""Operations: health checks, Prometheus metrics and the request log, for the people who run the portal."""
