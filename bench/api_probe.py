#!/usr/bin/env python3
"""A first probe, not the benchmark: submits N trivial reverse_string jobs through the REST API from C
concurrent clients against a running system (./run.sh), and times until all of them are recorded Succeeded.
It also measures the client's own ceiling (GET /health), so the figure can be read against it.

    JOBQUEUE_ADMIN_PASSWORD=... python3 bench/api_probe.py [--url http://127.0.0.1:5080] [--jobs 2000] [--clients 16]
"""
import argparse, json, os, threading, time, urllib.request


def call(base, method, path, body=None, token=None):
    request = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body is not None else None)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request) as response:
        raw = response.read()
        return json.loads(raw) if raw else None


def run_concurrently(count, clients, action):
    counter, lock = iter(range(count)), threading.Lock()

    def loop():
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            action(i)

    threads = [threading.Thread(target=loop) for _ in range(clients)]
    started = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.time() - started


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default=os.environ.get("JOBQUEUE_URL", "http://127.0.0.1:5080"))
    parser.add_argument("--email", default=os.environ.get("JOBQUEUE_ADMIN_EMAIL", "admin@localhost"))
    parser.add_argument("--password", default=os.environ.get("JOBQUEUE_ADMIN_PASSWORD"))
    parser.add_argument("--jobs", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=16)
    args = parser.parse_args()
    if not args.password:
        parser.error("give the admin password with --password or JOBQUEUE_ADMIN_PASSWORD")

    token = call(args.url, "POST", "/api/auth/login", {"email": args.email, "password": args.password})["accessToken"]
    ceiling = run_concurrently(args.jobs, args.clients, lambda i: urllib.request.urlopen(args.url + "/health").read())
    before = call(args.url, "GET", "/api/jobs?status=Succeeded&pageSize=1", token=token)["total"]
    submit = lambda i: call(args.url, "POST", "/api/jobs", {"type": "reverse_string", "payload": f"job {i}"}, token)
    started = time.time()
    submitted = run_concurrently(args.jobs, args.clients, submit)
    while call(args.url, "GET", "/api/jobs?status=Succeeded&pageSize=1", token=token)["total"] - before < args.jobs:
        time.sleep(0.05)
    finished = time.time() - started
    print(f"client ceiling (GET /health): {args.jobs / ceiling:.0f} requests/s")
    print(f"{args.jobs} jobs: submitted in {submitted:.2f} s ({args.jobs / submitted:.0f}/s); "
          f"all Succeeded after {finished:.2f} s: {args.jobs / finished:.0f} jobs/s end to end")


if __name__ == "__main__":
    main()
