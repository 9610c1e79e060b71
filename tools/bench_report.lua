-- wrk reporter for tools/bench.py: one machine-readable line per run.
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    "BENCH requests=%d seconds=%.3f p50_ms=%.2f p95_ms=%.2f errors=%d\n",
    summary.requests, seconds, latency:percentile(50) / 1000, latency:percentile(95) / 1000, errors
  ))
end
