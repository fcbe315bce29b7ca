"""Running a coroutine from a test."""

import asyncio
import concurrent.futures


def run_coroutine(coroutine):
    """Runs ``coroutine`` on a fresh loop in its own thread: other suites (the browser tests' sync
    Playwright) may leave a loop running in the main thread, where asyncio.run() refuses to start."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
