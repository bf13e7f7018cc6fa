-- wrk script: replays recorded MessagePack messages (load/messages.py) in a cycle.
--   REPLAY_DIR   directory with index.txt and the bodies it lists; unset, wrk sends the
--                GET of the URL it was given (the gateway benchmarks)
--   REPLAY_PATH  endpoint, /v1/inspect (default) or /v1/mirror
--   REPLAY_DELAY milliseconds each connection waits between requests on average (0: as
--                fast as it can), which turns wrk into a generator of a fixed offered load.
--                Each wait is drawn from an exponential distribution: with a fixed wait the
--                connections, started together, send in waves, and a wave queues at the
--                server as no independent clients would.
local dir = os.getenv("REPLAY_DIR")
local path = os.getenv("REPLAY_PATH") or "/v1/inspect"
local pause = tonumber(os.getenv("REPLAY_DELAY") or "0")

if dir then
  local requests = {}
  local index = assert(io.open(dir .. "/index.txt"), "no index.txt in " .. dir)
  for name in index:lines() do
    local file = assert(io.open(dir .. "/" .. name, "rb"))
    local body = file:read("*a")
    file:close()
    requests[#requests + 1] =
      wrk.format("POST", path, { ["Content-Type"] = "application/msgpack" }, body)
  end
  index:close()
  assert(#requests > 0, "index.txt lists no bodies")

  local n = 0

  function init(args)
    n = (tonumber(args[1]) or 0) % #requests
  end

  function request()
    n = n % #requests + 1
    return requests[n]
  end
end

if pause > 0 then
  math.randomseed(7)  -- the same waits in every run
  function delay()
    return -pause * math.log(1 - math.random())
  end
end
