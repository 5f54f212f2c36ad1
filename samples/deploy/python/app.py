"""A Python Lambda function deployed as a zip by ../deploy.sh: it greets whoever the event names and
counts its invocations per warm process (module state survives between invocations, as on AWS)."""
import os

invocations = 0


def handler(event, context):
    global invocations
    invocations += 1
    name = event.get("name", "world") if isinstance(event, dict) else "world"
    print(f"greeting {name} (invocation {invocations} of this process)")
    return {
        "greeting": f"{os.environ.get('GREETING', 'Hello')}, {name}!",
        "function": context.function_name,
        "remainingMs": context.get_remaining_time_in_millis(),
        "invocations": invocations,
    }
