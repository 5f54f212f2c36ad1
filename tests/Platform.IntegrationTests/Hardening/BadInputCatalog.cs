using System.Text;
using static Platform.IntegrationTests.Hardening.BadInput;
using static Platform.IntegrationTests.Hardening.RawExchange;

namespace Platform.IntegrationTests.Hardening;

/// <summary>The hostile requests of issue 16, for every API on the edge port: invalid UTF-8 wherever a
/// string goes, oversized and deeply nested bodies, broken chunked framing, absurd Content-Length
/// values, wrong content types and control characters.</summary>
public static class BadInputCatalog
{
    private const string Bucket = HardeningPlatformFixture.Bucket;
    private const string Stream = HardeningPlatformFixture.Stream;
    private const string Function = HardeningPlatformFixture.Function;
    private static readonly byte[] Ff = [0xFF, 0xFE];

    internal static IReadOnlyList<BadInput> All { get; } =
    [
        .. S3(), .. SqsQuery(), .. SqsJson(), .. Kinesis(), .. Lambda(), .. Sns(), .. ApiGateway(),
        .. Events(),
    ];

    public static IEnumerable<object[]> Cases() => All.Select(c => new object[] { c.ToString() });

    internal static BadInput Named(string name) => All.Single(c => c.ToString() == name);

    private static IEnumerable<BadInput> S3()
    {
        yield return new("s3", "chunk size 2^31", p => Request(p, $"PUT /{Bucket}/chunky HTTP/1.1", ["Transfer-Encoding: chunked"],
            Bytes("80000000\r\nabc"), contentLength: false), 400, "IncompleteBody");
        yield return new("s3", "chunk size 2^48", p => Request(p, $"PUT /{Bucket}/chunky HTTP/1.1", ["Transfer-Encoding: chunked"],
            Bytes("FFFFFFFFFFFF\r\nabc"), contentLength: false), 400, "IncompleteBody");
        yield return new("s3", "chunk size not hex", p => Request(p, $"PUT /{Bucket}/chunky HTTP/1.1", ["Transfer-Encoding: chunked"],
            Bytes("zz\r\nabc\r\n0\r\n\r\n"), contentLength: false), 400, "IncompleteBody");
        yield return new("s3", "chunk longer than its size", p => Request(p, $"PUT /{Bucket}/chunky HTTP/1.1", ["Transfer-Encoding: chunked"],
            Bytes("2\r\nabcdef\r\n0\r\n\r\n"), contentLength: false), 400, "IncompleteBody");
        yield return new("s3", "Content-Length of 10 TB", p => Request(p, $"PUT /{Bucket}/huge HTTP/1.1", ["Content-Length: 10000000000000"]),
            400, "EntityTooLarge");
        yield return new("s3", "key of invalid UTF-8", p => Request(p, $"PUT /{Bucket}/a%FF%FEb HTTP/1.1", [], []), 400, "InvalidURI");
        yield return new("s3", "key of 9000 bytes", p => Request(p, $"PUT /{Bucket}/{new string('k', 9000)} HTTP/1.1", [], []), 400, "KeyTooLongError");
        yield return new("s3", "key of 3000 percent-encoded bytes", p => Request(p, $"GET /{Bucket}/{string.Concat(Enumerable.Repeat("%C3%A9", 1500))} HTTP/1.1", []),
            400, "KeyTooLongError");
        yield return new("s3", "deeply nested notification XML", p => Request(p, $"PUT /{Bucket}?notification HTTP/1.1", [],
            Encoding.ASCII.GetBytes("<NotificationConfiguration>" + string.Concat(Enumerable.Repeat("<a>", 20000)) + "</NotificationConfiguration>")),
            400, "MalformedXML");
        yield return new("s3", "notification XML of invalid UTF-8", p => Request(p, $"PUT /{Bucket}?notification HTTP/1.1", [],
            Concat(Bytes("<NotificationConfiguration><QueueConfiguration><Id>"), Ff, Bytes("</Id></QueueConfiguration></NotificationConfiguration>"))),
            400, "MalformedXML");
        yield return new("s3", "delete XML of 9 MB", p => Request(p, $"POST /{Bucket}?delete HTTP/1.1", ["Content-MD5: 1B2M2Y8AsgTpgAmY7PhCfg=="],
            new byte[9 * 1024 * 1024]), 400, "MaxMessageLengthExceeded");
        yield return new("s3", "control character in a query value", p => Request(p, $"GET /{Bucket}?list-type=2&prefix=%01%02&max-keys=%FF HTTP/1.1", []),
            400, "InvalidURI");
    }

    private static IEnumerable<BadInput> SqsQuery()
    {
        const string form = "Content-Type: application/x-www-form-urlencoded";
        string Url(int p) => Uri.EscapeDataString($"http://127.0.0.1:{p}/000000000000/{HardeningPlatformFixture.Queue}");
        yield return new("sqs-query", "MessageBody of invalid UTF-8", p => Request(p, "POST / HTTP/1.1", [form],
            Bytes($"Action=SendMessage&QueueUrl={Url(p)}&MessageBody=%FF%FE")), 400, "InvalidMessageContents");
        yield return new("sqs-query", "raw invalid UTF-8 MessageBody", p => Request(p, "POST / HTTP/1.1", [form],
            Concat(Bytes($"Action=SendMessage&QueueUrl={Url(p)}&MessageBody="), Ff)), 400, "InvalidMessageContents");
        yield return new("sqs-query", "batch entry MessageBody of invalid UTF-8", p => Request(p, "POST / HTTP/1.1", [form],
            Bytes($"Action=SendMessageBatch&QueueUrl={Url(p)}&SendMessageBatchRequestEntry.1.Id=a&SendMessageBatchRequestEntry.1.MessageBody=%C3")),
            400, "InvalidMessageContents");
        yield return new("sqs-query", "control character in MessageBody", p => Request(p, "POST / HTTP/1.1", [form],
            Bytes($"Action=SendMessage&QueueUrl={Url(p)}&MessageBody=a%01b")), 400, "InvalidMessageContents");
        yield return new("sqs-query", "QueueName of invalid UTF-8", p => Request(p, "POST / HTTP/1.1", [form],
            Bytes("Action=CreateQueue&QueueName=q%FF")), 400, "InvalidParameterValue");
        yield return new("sqs-query", "body over 1 MiB", p => Request(p, "POST / HTTP/1.1", [form],
            Bytes($"Action=SendMessage&QueueUrl={Url(p)}&MessageBody=" + new string('a', 1100 * 1024))), 400, "InvalidParameterValue");
        yield return new("sqs-query", "Content-Length of 10 TB", p => Request(p, "POST / HTTP/1.1", [form, "Content-Length: 10000000000000"]),
            400, "InvalidParameterValue");
        yield return new("sqs-query", "broken chunked framing", p => Request(p, "POST / HTTP/1.1", [form, "Transfer-Encoding: chunked"],
            Bytes("5\r\nAction\r\nzz\r\n"), contentLength: false), 400, "InvalidRequest");
    }

    private static IEnumerable<BadInput> SqsJson()
    {
        static string[] Json(string operation) => ["Content-Type: application/x-amz-json-1.0", "X-Amz-Target: AmazonSQS." + operation];
        yield return new("sqs-json", "invalid UTF-8 in QueueUrl", p => Request(p, "POST / HTTP/1.1", Json("SendMessage"),
            Concat(Bytes("{\"QueueUrl\":\"q"), Ff, Bytes("\",\"MessageBody\":\"x\"}"))), 400, "SerializationException");
        yield return new("sqs-json", "invalid UTF-8 in MessageBody", p => Request(p, "POST / HTTP/1.1", Json("SendMessage"),
            Concat(Bytes($"{{\"QueueUrl\":\"http://127.0.0.1:{p}/000000000000/{HardeningPlatformFixture.Queue}\",\"MessageBody\":\""), Ff, Bytes("\"}"))),
            400, "SerializationException");
        yield return new("sqs-json", "lone surrogate escape", p => Request(p, "POST / HTTP/1.1", Json("GetQueueUrl"),
            Bytes("{\"QueueName\":\"\\ud800\"}")), 400, "SerializationException");
        yield return new("sqs-json", "deeply nested body", p => Request(p, "POST / HTTP/1.1", Json("ListQueues"), DeepJson("QueueNamePrefix", 5000)),
            400, "SerializationException");
        yield return new("sqs-json", "text/plain", p => Request(p, "POST / HTTP/1.1", ["Content-Type: text/plain", "X-Amz-Target: AmazonSQS.ListQueues"],
            Bytes("{}")), 400, "SerializationException");
        yield return new("sqs-json", "body over 1 MiB", p => Request(p, "POST / HTTP/1.1", Json("ListQueues"),
            Bytes("{\"QueueNamePrefix\":\"" + new string('a', 1100 * 1024) + "\"}")), 400, "InvalidParameterValue");
    }

    private static IEnumerable<BadInput> Kinesis()
    {
        static string[] Json(string operation) => ["Content-Type: application/x-amz-json-1.1", "X-Amz-Target: Kinesis_20131202." + operation];
        yield return new("kinesis", "invalid UTF-8 in PutRecord", p => Request(p, "POST / HTTP/1.1", Json("PutRecord"),
            Concat(Bytes($"{{\"StreamName\":\"{Stream}\",\"PartitionKey\":\"k"), Ff, Bytes("\",\"Data\":\"eA==\"}"))), 400, "SerializationException");
        yield return new("kinesis", "invalid UTF-8 in PutRecords", p => Request(p, "POST / HTTP/1.1", Json("PutRecords"),
            Concat(Bytes($"{{\"StreamName\":\"{Stream}\",\"Records\":[{{\"PartitionKey\":\""), Ff, Bytes("\",\"Data\":\"eA==\"}]}"))), 400, "SerializationException");
        yield return new("kinesis", "invalid UTF-8 in DescribeStream", p => Request(p, "POST / HTTP/1.1", Json("DescribeStream"),
            Concat(Bytes("{\"StreamName\":\"a"), Ff, Bytes("\"}"))), 400, "SerializationException");
        yield return new("kinesis", "lone surrogate escape", p => Request(p, "POST / HTTP/1.1", Json("DescribeStream"),
            Bytes("{\"StreamName\":\"\\udc00\"}")), 400, "SerializationException");
        yield return new("kinesis", "deeply nested body", p => Request(p, "POST / HTTP/1.1", Json("ListStreams"), DeepJson("Limit", 5000)),
            400, "SerializationException");
        yield return new("kinesis", "control character in StreamName", p => Request(p, "POST / HTTP/1.1", Json("DescribeStream"),
            Bytes("{\"StreamName\":\"a\\u0001b\"}")), 400, "ValidationException");
        yield return new("kinesis", "Content-Length of 10 TB", p => Request(p, "POST / HTTP/1.1", [.. Json("ListStreams"), "Content-Length: 10000000000000"]),
            400, "InvalidArgumentException");
        yield return new("kinesis", "broken chunked framing", p => Request(p, "POST / HTTP/1.1", [.. Json("ListStreams"), "Transfer-Encoding: chunked"],
            Bytes("2\r\n{}\r\nFFFFFFFFFFFF\r\n"), contentLength: false), 400, "SerializationException");
        yield return new("kinesis-xml", "text/plain", p => Request(p, "POST / HTTP/1.1", ["Content-Type: text/plain", "X-Amz-Target: Kinesis_20131202.ListStreams"],
            Bytes("{}")), 404, "UnknownOperationException");
    }

    private static IEnumerable<BadInput> Lambda()
    {
        const string json = "Content-Type: application/json";
        yield return new("lambda", "invalid UTF-8 in CreateEventSourceMapping", p => Request(p, "POST /2015-03-31/event-source-mappings HTTP/1.1", [json],
            Concat(Bytes("{\"FunctionName\":\"a"), Ff, Bytes("\",\"EventSourceArn\":\"arn:aws:sqs:us-east-1:000000000000:q\"}"))),
            400, "InvalidRequestContentException");
        yield return new("lambda", "invalid UTF-8 in PutFunctionEventInvokeConfig", p => Request(p, $"PUT /2019-09-25/functions/{Function}/event-invoke-config HTTP/1.1",
            [json], Concat(Bytes("{\"DestinationConfig\":{\"OnFailure\":{\"Destination\":\""), Ff, Bytes("\"}}}"))), 400, "InvalidRequestContentException");
        yield return new("lambda", "a DynamoDB table as an async destination", p => Request(p, $"PUT /2019-09-25/functions/{Function}/event-invoke-config HTTP/1.1",
            [json], Bytes("{\"DestinationConfig\":{\"OnFailure\":{\"Destination\":\"arn:aws:dynamodb:us-east-1:000000000000:table/t\"}}}")), 400, "InvalidParameterValueException");
        yield return new("lambda", "Invoke payload of invalid UTF-8", p => Request(p, $"POST /2015-03-31/functions/{Function}/invocations HTTP/1.1", [json],
            Concat(Bytes("{\"a\":\""), Ff, Bytes("\"}"))), 400, "InvalidRequestContentException");
        yield return new("lambda", "lone surrogate escape", p => Request(p, "POST /2015-03-31/event-source-mappings HTTP/1.1", [json],
            Bytes("{\"FunctionName\":\"\\ud800\",\"EventSourceArn\":\"arn:aws:sqs:us-east-1:000000000000:q\"}")), 400, "InvalidRequestContentException");
        yield return new("lambda", "deeply nested body", p => Request(p, "POST /2015-03-31/event-source-mappings HTTP/1.1", [json],
            DeepJson("FilterCriteria", 5000)), 400, "InvalidRequestContentException");
        yield return new("lambda", "Content-Length of 10 TB", p => Request(p, $"POST /2015-03-31/functions/{Function}/invocations HTTP/1.1",
            [json, "Content-Length: 10000000000000"]), 413, "RequestTooLargeException");
        yield return new("lambda", "broken chunked framing", p => Request(p, $"POST /2015-03-31/functions/{Function}/invocations HTTP/1.1",
            [json, "Transfer-Encoding: chunked"], Bytes("2\r\n{}\r\nzz\r\n"), contentLength: false), 400, "InvalidRequestContentException");
    }

    private static IEnumerable<BadInput> Sns()
    {
        // SNS shares the query protocol's form POST with SQS; its signing scope says which service it is.
        string[] headers = ["Content-Type: application/x-www-form-urlencoded",
            "Authorization: AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sns/aws4_request, SignedHeaders=host, Signature=00"];
        const string topic = "arn%3Aaws%3Asns%3Aus-east-1%3A000000000000%3Ahardening";
        yield return new("sns", "Message of invalid UTF-8", p => Request(p, "POST / HTTP/1.1", headers,
            Bytes($"Action=Publish&TopicArn={topic}&Message=%FF%FE")), 400, "InvalidParameter");
        yield return new("sns", "topic name with control characters", p => Request(p, "POST / HTTP/1.1", headers,
            Bytes("Action=CreateTopic&Name=a%01b")), 400, "InvalidParameter");
        yield return new("sns", "malformed TopicArn", p => Request(p, "POST / HTTP/1.1", headers,
            Bytes("Action=Publish&TopicArn=arn%3A%3A%3A&Message=x")), 400, "InvalidParameter");
        yield return new("sns", "Content-Length of 10 TB", p => Request(p, "POST / HTTP/1.1", [.. headers, "Content-Length: 10000000000000"]),
            400, "InvalidParameter");
        yield return new("sns", "deeply nested FilterPolicy", p => Request(p, "POST / HTTP/1.1", headers,
            Bytes($"Action=Subscribe&TopicArn={topic}&Protocol=sqs&Endpoint=arn%3Aaws%3Asqs%3Aus-east-1%3A000000000000%3Aq&Attributes.entry.1.key=FilterPolicy&Attributes.entry.1.value="
                + Uri.EscapeDataString(string.Concat(Enumerable.Repeat("{\"a\":", 5000)) + "[1]" + new string('}', 5000)))), 400, "InvalidParameter");
        yield return new("sns", "unknown action", p => Request(p, "POST / HTTP/1.1", headers, Bytes("Action=Explode")), 400, "InvalidAction");
    }

    private static IEnumerable<BadInput> ApiGateway()
    {
        const string json = "Content-Type: application/json";
        yield return new("apigateway", "invalid UTF-8 in CreateApi", p => Request(p, "POST /v2/apis HTTP/1.1", [json],
            Concat(Bytes("{\"name\":\"a"), Ff, Bytes("\",\"protocolType\":\"HTTP\"}"))), 400, "BadRequestException");
        yield return new("apigateway", "lone surrogate escape in CreateRestApi", p => Request(p, "POST /restapis HTTP/1.1", [json],
            Bytes("{\"name\":\"\\ud800\"}")), 400, "BadRequestException");
        yield return new("apigateway", "deeply nested body", p => Request(p, "POST /v2/apis HTTP/1.1", [json], DeepJson("corsConfiguration", 5000)),
            400, "BadRequestException");
        yield return new("apigateway", "body that is not an object", p => Request(p, "POST /v2/apis HTTP/1.1", [json], Bytes("[1,2]")),
            400, "BadRequestException");
        yield return new("apigateway", "Content-Length of 10 TB", p => Request(p, "POST /v2/apis HTTP/1.1", [json, "Content-Length: 10000000000000"]),
            413, "RequestEntityTooLargeException");
        yield return new("apigateway", "broken chunked framing", p => Request(p, "POST /restapis HTTP/1.1", [json, "Transfer-Encoding: chunked"],
            Bytes("2\r\n{}\r\nzz\r\n"), contentLength: false), 400, "BadRequestException");
    }

    private static IEnumerable<BadInput> Events()
    {
        static string[] Json(string operation) => ["Content-Type: application/x-amz-json-1.1", "X-Amz-Target: AWSEvents." + operation];
        static string Entry(string detail) => $"{{\"Source\":\"app\",\"DetailType\":\"t\",\"Detail\":{detail}}}";
        yield return new("events", "invalid UTF-8 in PutEvents", p => Request(p, "POST / HTTP/1.1", Json("PutEvents"),
            Concat(Bytes("{\"Entries\":[{\"Source\":\"a"), Ff, Bytes("\",\"DetailType\":\"t\",\"Detail\":\"{}\"}]}"))), 400, "SerializationException");
        yield return new("events", "lone surrogate escape", p => Request(p, "POST / HTTP/1.1", Json("DescribeRule"),
            Bytes("{\"Name\":\"\\udc00\"}")), 400, "SerializationException");
        yield return new("events", "deeply nested body", p => Request(p, "POST / HTTP/1.1", Json("ListRules"), DeepJson("NamePrefix", 5000)),
            400, "SerializationException");
        yield return new("events", "PutEvents of 11 entries", p => Request(p, "POST / HTTP/1.1", Json("PutEvents"),
            Bytes("{\"Entries\":[" + string.Join(',', Enumerable.Repeat(Entry("\"{}\""), 11)) + "]}")), 400, "ValidationException");
        yield return new("events", "PutEvents over 256 KB", p => Request(p, "POST / HTTP/1.1", Json("PutEvents"),
            Bytes("{\"Entries\":[" + Entry("\"{\\\"a\\\":\\\"" + new string('x', 300 * 1024) + "\\\"}\"") + "]}")), 400, "ValidationException");
        yield return new("events", "body over 1 MiB", p => Request(p, "POST / HTTP/1.1", Json("PutEvents"),
            Bytes("{\"Entries\":[" + Entry("\"" + new string('x', 1100 * 1024) + "\"") + "]}")), 400, "ValidationException");
        yield return new("events", "malformed event pattern", p => Request(p, "POST / HTTP/1.1", Json("PutRule"),
            Bytes("{\"Name\":\"bad\",\"EventPattern\":\"{\\\"source\\\":\\\"x\\\"}\"}")), 400, "InvalidEventPatternException");
        yield return new("events", "event pattern not JSON", p => Request(p, "POST / HTTP/1.1", Json("PutRule"),
            Bytes("{\"Name\":\"bad\",\"EventPattern\":\"{{{\"}")), 400, "InvalidEventPatternException");
        yield return new("events", "cron of five fields", p => Request(p, "POST / HTTP/1.1", Json("PutRule"),
            Bytes("{\"Name\":\"bad\",\"ScheduleExpression\":\"cron(0 2 * * ?)\"}")), 400, "ValidationException");
        yield return new("events", "rate of zero minutes", p => Request(p, "POST / HTTP/1.1", Json("PutRule"),
            Bytes("{\"Name\":\"bad\",\"ScheduleExpression\":\"rate(0 minutes)\"}")), 400, "ValidationException");
        yield return new("events", "control character in rule name", p => Request(p, "POST / HTTP/1.1", Json("DescribeRule"),
            Bytes("{\"Name\":\"a\\u0001b\"}")), 400, "ValidationException");
        yield return new("events", "Entries not a list", p => Request(p, "POST / HTTP/1.1", Json("PutEvents"),
            Bytes("{\"Entries\":\"x\"}")), 400, "SerializationException");
        yield return new("events", "Content-Length of 10 TB", p => Request(p, "POST / HTTP/1.1", [.. Json("ListRules"), "Content-Length: 10000000000000"]),
            400, "ValidationException");
        yield return new("events", "broken chunked framing", p => Request(p, "POST / HTTP/1.1", [.. Json("ListRules"), "Transfer-Encoding: chunked"],
            Bytes("2\r\n{}\r\nFFFFFFFFFFFF\r\n"), contentLength: false), 400, "SerializationException");

        static string[] Signed(string contentType) =>
            [contentType, "Authorization: AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/scheduler/aws4_request, SignedHeaders=host, Signature=00"];
        yield return new("scheduler", "cron with both day fields", p => Request(p, "POST /schedules/bad HTTP/1.1", Signed("Content-Type: application/json"),
            Bytes("{\"ScheduleExpression\":\"cron(0 2 * * * *)\",\"FlexibleTimeWindow\":{\"Mode\":\"OFF\"},\"Target\":{\"Arn\":\"arn:aws:sqs:us-east-1:000000000000:q\",\"RoleArn\":\"arn:aws:iam::000000000000:role/r\"}}")),
            400, "ValidationException");
        yield return new("scheduler", "unknown time zone", p => Request(p, "POST /schedules/bad HTTP/1.1", Signed("Content-Type: application/json"),
            Bytes("{\"ScheduleExpression\":\"rate(5 minutes)\",\"ScheduleExpressionTimezone\":\"Mars/Olympus\",\"FlexibleTimeWindow\":{\"Mode\":\"OFF\"},\"Target\":{\"Arn\":\"arn:aws:sqs:us-east-1:000000000000:q\",\"RoleArn\":\"arn:aws:iam::000000000000:role/r\"}}")),
            400, "ValidationException");
        yield return new("scheduler", "invalid UTF-8 in Input", p => Request(p, "POST /schedules/bad HTTP/1.1", Signed("Content-Type: application/json"),
            Concat(Bytes("{\"Target\":{\"Input\":\""), Ff, Bytes("\"}}"))), 400, "ValidationException");
        yield return new("scheduler", "schedule that does not exist", p => Request(p, "GET /schedules/nope HTTP/1.1", Signed("Accept: application/json")),
            404, "ResourceNotFoundException");
        yield return new("scheduler", "deeply nested body", p => Request(p, "POST /schedules/bad HTTP/1.1", Signed("Content-Type: application/json"),
            DeepJson("Target", 5000)), 400, "ValidationException");
    }
}
