def handler(event, context):
    record = event["Records"][0]
    return {"source": record.get("eventSource"), "records": len(event["Records"])}
