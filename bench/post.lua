-- wrk script: POST /api/v1/visits with a ~300-byte JSON body, rotating the
-- household through a file of ids (households the caller may visit).
--   wrk -t2 -c64 -d10s -s bench/post.lua URL -- IDS_FILE
-- The session cookie comes from wrk's -H option (kept in wrk.headers).
local ids, n, i = {}, 0, 0

function setup(thread)
	thread_count = (thread_count or 0) + 1
	thread:set("tid", thread_count)
end

function init(args)
	local f = assert(io.open(args[1], "r"))
	for line in f:lines() do
		if line ~= "" then
			n = n + 1
			ids[n] = line
		end
	end
	f:close()
	assert(n > 0, "no ids in " .. args[1])
	i = ((tid or 1) * 7919) % n
	wrk.headers["Content-Type"] = "application/json"
end

local fmt = '{"household_id":%s,"channel":"home",' ..
	'"observed":"家中整洁，老人精神状态良好",' ..
	'"heard":"说话清楚，反应正常",' ..
	'"asked":"近期血压平稳，按时服药",' ..
	'"needs":"希望有人帮忙配药",' ..
	'"services":["政策宣传","配药"]}'

function request()
	i = i % n + 1
	return wrk.format("POST", "/api/v1/visits", nil, string.format(fmt, ids[i]))
end
