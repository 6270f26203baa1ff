#!/usr/bin/env python3
"""A JobQueue worker over HTTP, in Python with the standard library only.

It fetches jobs from one queue with a worker key (long polling), runs the built-in job types, reports progress and
log lines while it runs, and acks each job with its result or its error. A job cancelled meanwhile is answered 409
"cancelled" on a progress call; the worker then drops it.

    python3 examples/python-worker/worker.py --url http://127.0.0.1:5080 --key jqwk_... --queue default

The key can also come from JOBQUEUE_WORKER_KEY. Stop it with Ctrl-C (SIGINT) or SIGTERM: it finishes the job it
runs first.
"""

import argparse
import json
import os
import signal
import socket
import sys
import time
import urllib.error
import urllib.request

stopping = False


def stop(_signum, _frame):
    global stopping
    stopping = True


class Cancelled(Exception):
    """The dashboard answered a progress call with 409 "cancelled"."""


class Client:
    def __init__(self, url, key, worker_id):
        self.url = url.rstrip("/")
        self.key = key
        self.worker_id = worker_id

    def call(self, path, body, timeout=60):
        """POST JSON; returns (status, parsed answer or None)."""
        request = urllib.request.Request(
            self.url + path,
            data=json.dumps(dict(body, workerId=self.worker_id)).encode("utf-8"),
            headers={"Authorization": "Bearer " + self.key, "Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                text = response.read().decode("utf-8")
                return response.status, json.loads(text) if text else None
        except urllib.error.HTTPError as error:
            text = error.read().decode("utf-8")
            try:
                return error.code, json.loads(text) if text else None
            except ValueError:
                return error.code, {"title": text}

    def fetch(self, queue, wait_seconds, time_to_recover):
        return self.call(f"/api/queues/{queue}/fetch",
                         {"waitSeconds": wait_seconds, "timeToRecoverSeconds": time_to_recover}, timeout=wait_seconds + 30)

    def progress(self, job_id, percent=None, lines=None):
        status, answer = self.call(f"/api/jobs/{job_id}/progress", {"progress": percent, "lines": lines})
        if status == 409 and answer and answer.get("title") == "cancelled":
            raise Cancelled()
        if status != 200:
            raise RuntimeError(f"progress answered {status}: {answer}")

    def ack(self, job_id, result=None, error=None):
        return self.call(f"/api/jobs/{job_id}/ack", {"result": result, "error": error})


def fibonacci(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


def run(client, job):
    """Runs one job; returns its result as text, or raises."""
    kind, payload = job["type"], job["payload"]
    if kind == "reverse_string":
        return payload[::-1]
    if kind == "uppercase_text":
        return payload.upper()
    if kind == "fibonacci_calc":
        return str(fibonacci(int(payload)))
    if kind == "sleep":
        seconds, steps = float(payload["seconds"]), int(payload.get("steps", 1))
        for step in range(1, steps + 1):
            time.sleep(seconds / steps)
            client.progress(job["jobId"], 100.0 * step / steps, [f"step {step} of {steps}"])
        if payload.get("fail"):
            raise RuntimeError("failed on request")
        return f"slept {seconds:g} s in {steps} steps"
    raise ValueError(f"this worker has no handler for job type '{kind}'")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("JOBQUEUE_URL", "http://127.0.0.1:5080"))
    parser.add_argument("--key", default=os.environ.get("JOBQUEUE_WORKER_KEY"))
    parser.add_argument("--queue", default="default")
    parser.add_argument("--worker-id", default=f"python-{socket.gethostname()}-{os.getpid()}")
    parser.add_argument("--wait-seconds", type=int, default=10)
    parser.add_argument("--time-to-recover", type=int, default=60)
    parser.add_argument("--max-jobs", type=int, default=0, help="stop after this many jobs (0: never)")
    args = parser.parse_args()
    if not args.key:
        parser.error("a worker key is needed: --key or JOBQUEUE_WORKER_KEY (admins create them under Worker keys)")

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    client = Client(args.url, args.key, args.worker_id)
    print(f"Worker {args.worker_id} fetching from queue {args.queue} at {args.url}", flush=True)
    done = 0
    failures = 0
    while not stopping and (args.max_jobs == 0 or done < args.max_jobs):
        try:
            status, job = client.fetch(args.queue, args.wait_seconds, args.time_to_recover)
        except OSError as error:
            failures += 1
            delay = min(30, 2 ** min(failures, 5))
            print(f"The dashboard does not answer ({error}); trying again in {delay} s", flush=True)
            time.sleep(delay)
            continue
        failures = 0
        if status == 204:
            continue
        if status != 200:
            print(f"Fetch answered {status}: {job}", flush=True)
            time.sleep(5)
            continue
        try:
            result = run(client, job)
            status, answer = client.ack(job["jobId"], result=result)
        except Cancelled:
            print(f"Job {job['jobId']} was cancelled", flush=True)
            continue
        except Exception as error:  # the job failed: its retry rules decide what comes next
            status, answer = client.ack(job["jobId"], error=f"{type(error).__name__}: {error}")
        done += 1
        print(f"Job {job['jobId']} ({job['type']}, attempt {job['attempt']}): {status} {answer.get('outcome') if answer else ''}", flush=True)
    print(f"Worker {args.worker_id} stopped after {done} job(s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
