-- wrk script: print the latency percentiles the benchmark reports (wrk's --latency has no p95).
-- Also sends the Cookie header given in the BENCH_COOKIE environment variable, if any.
local cookie = os.getenv("BENCH_COOKIE")
if cookie and cookie ~= "" then
  wrk.headers["Cookie"] = cookie
end

done = function(summary, latency, requests)
  for _, p in ipairs({50, 90, 95, 99}) do
    io.write(string.format("PERCENTILE %d %.3f\n", p, latency:percentile(p) / 1000.0))
  end
  io.write(string.format("ERRORS %d %d %d %d %d\n", summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.status, summary.errors.timeout))
end
