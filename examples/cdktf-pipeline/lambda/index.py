"""Reads a batch of machine telemetry from the Kinesis stream and queues the readings out of range."""
import json
import os


def handler(event, context):
    limit = float(os.environ.get("TEMPERATURE_LIMIT", "90"))
    out_of_range = [r for r in event.get("Records", []) if json.loads(r.get("body", "{}")).get("temperature", 0) > limit]
    return {"checked": len(event.get("Records", [])), "out_of_range": len(out_of_range)}
