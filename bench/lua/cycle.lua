-- wrk script: every request takes the next line of $BENCH_LINES (written by bench/prepare.mjs), so paged
-- scenarios ask a different cursor each time. GET: a line is a path. POST: a line is a JSON body sent to $BENCH_PATH.
-- Each thread starts at a different line, so the connections do not march through the pages in step.
local method = os.getenv("BENCH_METHOD") or "GET"
local path = os.getenv("BENCH_PATH") or "/"
local lines = {}
for line in io.lines(os.getenv("BENCH_LINES")) do
  if #line > 0 then lines[#lines + 1] = line end
end

local threads = 0
function setup(thread)
  thread:set("offset", threads * 7919)
  threads = threads + 1
end

local i = 0
function init(args)
  i = (offset or 0) % #lines
  if method == "POST" then wrk.headers["Content-Type"] = "application/json" end
end

function request()
  i = i % #lines + 1
  if method == "POST" then return wrk.format("POST", path, nil, lines[i]) end
  return wrk.format("GET", lines[i], nil, nil)
end
