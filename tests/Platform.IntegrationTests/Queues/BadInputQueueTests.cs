using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace Platform.IntegrationTests.Queues;

/// <summary>Malformed and out-of-range requests on both SQS protocols: each gets SQS's error in
/// the protocol's own shape and a 4xx, never a 500 or a hang.</summary>
[Collection(SqsPlatformCollection.Name)]
public sealed class BadInputQueueTests(SqsPlatformFixture sqs) : IDisposable
{
    private static readonly XNamespace Sqs = "http://queue.amazonaws.com/doc/2012-11-05/";
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };

    private string Base => sqs.Endpoint.ToString().TrimEnd('/');

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task A_body_of_exactly_256_KiB_is_accepted_and_one_byte_more_is_refused_on_both_protocols()
    {
        var url = await CreateQueueAsync("big");
        var (status, xml) = await QueryAsync(("Action", "SendMessage"), ("QueueUrl", url), ("MessageBody", new string('a', 262144)));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(AwsCliQueueTests.Md5Hex(new string('a', 262144)), xml.Descendants(Sqs + "MD5OfMessageBody").Single().Value);

        await AssertQueryErrorAsync(HttpStatusCode.BadRequest, "InvalidParameterValue",
            ("Action", "SendMessage"), ("QueueUrl", url), ("MessageBody", new string('a', 262145)));
        var (jsonStatus, _) = await JsonAsync("SendMessage", new { QueueUrl = url, MessageBody = new string('é', 131072) });
        Assert.Equal(HttpStatusCode.OK, jsonStatus);
        await AssertJsonErrorAsync(HttpStatusCode.BadRequest, "InvalidParameterValue", "InvalidParameterValue",
            "SendMessage", new { QueueUrl = url, MessageBody = new string('é', 131072) + "x" });
        // A form body far past any SQS request is refused before it is buffered whole.
        await AssertQueryErrorAsync(HttpStatusCode.BadRequest, "InvalidParameterValue",
            ("Action", "SendMessage"), ("QueueUrl", url), ("MessageBody", new string('%', 400_000)));
    }

    [Fact]
    public async Task Bad_message_attributes_are_refused_with_InvalidParameterValue()
    {
        var url = await CreateQueueAsync("attrs");
        (string, string)[] Send(params (string, string)[] attributes) =>
            [("Action", "SendMessage"), ("QueueUrl", url), ("MessageBody", "b"), .. attributes];

        await AssertQueryErrorAsync(HttpStatusCode.BadRequest, "InvalidParameterValue", Send(
            ("MessageAttribute.1.Name", "n"), ("MessageAttribute.1.Value.DataType", "Number"), ("MessageAttribute.1.Value.StringValue", "twelve")));
        await AssertQueryErrorAsync(HttpStatusCode.BadRequest, "InvalidParameterValue", Send(
            ("MessageAttribute.1.Name", "n"), ("MessageAttribute.1.Value.DataType", "Integer"), ("MessageAttribute.1.Value.StringValue", "1")));
        await AssertQueryErrorAsync(HttpStatusCode.BadRequest, "InvalidParameterValue", Send(
            ("MessageAttribute.1.Name", "AWS.reserved"), ("MessageAttribute.1.Value.DataType", "String"), ("MessageAttribute.1.Value.StringValue", "x")));
        await AssertQueryErrorAsync(HttpStatusCode.BadRequest, "InvalidParameterValue", Send(
            ("MessageAttribute.1.Name", "b"), ("MessageAttribute.1.Value.DataType", "Binary"), ("MessageAttribute.1.Value.BinaryValue", "not base64!")));
        var eleven = Enumerable.Range(1, 11).SelectMany(i => new[]
        {
            ($"MessageAttribute.{i}.Name", $"a{i}"), ($"MessageAttribute.{i}.Value.DataType", "String"), ($"MessageAttribute.{i}.Value.StringValue", "v"),
        }).ToArray();
        await AssertQueryErrorAsync(HttpStatusCode.BadRequest, "InvalidParameterValue", Send(eleven));
        await AssertQueryErrorAsync(HttpStatusCode.BadRequest, "InvalidMessageContents",
            ("Action", "SendMessage"), ("QueueUrl", url), ("MessageBody", "bell\u0007"));
        await AssertQueryErrorAsync(HttpStatusCode.BadRequest, "InvalidParameterValue",
            ("Action", "SendMessage"), ("QueueUrl", url), ("MessageBody", "b"), ("DelaySeconds", "soon"));
        await AssertJsonErrorAsync(HttpStatusCode.BadRequest, "InvalidParameterValue", "InvalidParameterValue", "SendMessage",
            new { QueueUrl = url, MessageBody = "b", MessageAttributes = new { n = new { DataType = "Number", StringValue = "1e400" } } });
    }

    [Fact]
    public async Task Invalid_queue_names_unknown_queues_and_forged_receipt_handles()
    {
        foreach (var name in new[] { "has space", "semi;colon", new string('n', 81), "not-fifo.fifo" })
            await AssertQueryErrorAsync(HttpStatusCode.BadRequest, "InvalidParameterValue", ("Action", "CreateQueue"), ("QueueName", name));
        await AssertQueryErrorAsync(HttpStatusCode.BadRequest, "MissingParameter", ("Action", "CreateQueue"));
        await AssertJsonErrorAsync(HttpStatusCode.BadRequest, "QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue",
            "SendMessage", new { QueueUrl = Base + "/000000000000/nowhere", MessageBody = "b" });

        var url = await CreateQueueAsync("handles");
        await AssertQueryErrorAsync(HttpStatusCode.NotFound, "ReceiptHandleIsInvalid",
            ("Action", "DeleteMessage"), ("QueueUrl", url), ("ReceiptHandle", "forged-handle"));
        await AssertJsonErrorAsync(HttpStatusCode.NotFound, "ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid",
            "ChangeMessageVisibility", new { QueueUrl = url, ReceiptHandle = "AQAAAAAAAAABAAAAAAAAAAEAAAAAAAAAAQ", VisibilityTimeout = 5 });
        // The queue's URL as the request path addresses it, as SQS's query protocol allows.
        var (status, xml) = await PostFormAsync(new Uri(url).AbsolutePath, ("Action", "GetQueueAttributes"), ("AttributeName.1", "QueueArn"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.EndsWith(":" + url.Split('/')[^1], xml.Descendants(Sqs + "Value").Single().Value);
    }

    [Fact]
    public async Task Missing_and_unknown_actions_malformed_json_and_wrong_content_types()
    {
        await AssertQueryErrorAsync(HttpStatusCode.BadRequest, "MissingAction", ("Version", "2012-11-05"));
        await AssertQueryErrorAsync(HttpStatusCode.BadRequest, "InvalidAction", ("Action", "FlyToTheMoon"));
        await AssertJsonErrorAsync(HttpStatusCode.BadRequest, "InvalidAction", "InvalidAction", "FlyToTheMoon", new { });

        var (status, body, headers) = await PostJsonAsync("ListQueues", "{\"QueueNamePrefix\": ", "application/x-amz-json-1.0");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("com.amazon.coral.service#SerializationException", JsonDocument.Parse(body).RootElement.GetProperty("__type").GetString());
        (status, body, _) = await PostJsonAsync("ReceiveMessage", "{\"QueueUrl\":\"x\",\"MaxNumberOfMessages\":\"ten\"}", "application/x-amz-json-1.0");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("com.amazon.coral.service#SerializationException", JsonDocument.Parse(body).RootElement.GetProperty("__type").GetString());
        (status, body, _) = await PostJsonAsync("ListQueues", "{}", "text/plain");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("application/x-amz-json-1.0", JsonDocument.Parse(body).RootElement.GetProperty("message").GetString());
        Assert.DoesNotContain("x-amzn-query-error", headers.Keys);

        // A multipart form POST is an S3 browser upload, never SQS's: S3 answers it.
        using var multipart = new MultipartFormDataContent { { new StringContent("k"), "key" }, { new StringContent("v"), "file", "f.txt" } };
        using var s3 = await _http.PostAsync(Base + "/no-such-bucket-for-sqs", multipart);
        var s3Body = await s3.Content.ReadAsStringAsync();
        Assert.Contains("<Code>NoSuchBucket</Code>", s3Body);
    }

    [Fact]
    public async Task Batch_requests_that_are_empty_too_large_or_repeat_ids()
    {
        var url = await CreateQueueAsync("batches");
        await AssertQueryErrorAsync(HttpStatusCode.BadRequest, "AWS.SimpleQueueService.EmptyBatchRequest",
            ("Action", "SendMessageBatch"), ("QueueUrl", url));
        var eleven = Enumerable.Range(1, 11).SelectMany(i => new[]
            { ($"SendMessageBatchRequestEntry.{i}.Id", $"e{i}"), ($"SendMessageBatchRequestEntry.{i}.MessageBody", "b") }).ToArray();
        await AssertQueryErrorAsync(HttpStatusCode.BadRequest, "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
            [("Action", "SendMessageBatch"), ("QueueUrl", url), .. eleven]);
        await AssertQueryErrorAsync(HttpStatusCode.BadRequest, "AWS.SimpleQueueService.BatchEntryIdsNotDistinct",
            ("Action", "DeleteMessageBatch"), ("QueueUrl", url), ("DeleteMessageBatchRequestEntry.1.Id", "x"),
            ("DeleteMessageBatchRequestEntry.1.ReceiptHandle", "h"), ("DeleteMessageBatchRequestEntry.2.Id", "x"),
            ("DeleteMessageBatchRequestEntry.2.ReceiptHandle", "h"));
        await AssertQueryErrorAsync(HttpStatusCode.BadRequest, "AWS.SimpleQueueService.InvalidBatchEntryId",
            ("Action", "ChangeMessageVisibilityBatch"), ("QueueUrl", url), ("ChangeMessageVisibilityBatchRequestEntry.1.Id", "bad id!"),
            ("ChangeMessageVisibilityBatchRequestEntry.1.ReceiptHandle", "h"), ("ChangeMessageVisibilityBatchRequestEntry.1.VisibilityTimeout", "1"));
        await AssertJsonErrorAsync(HttpStatusCode.BadRequest, "BatchRequestTooLong", "AWS.SimpleQueueService.BatchRequestTooLong",
            "SendMessageBatch", new
            {
                QueueUrl = url,
                Entries = new[] { new { Id = "a", MessageBody = new string('a', 200_000) }, new { Id = "b", MessageBody = new string('b', 100_000) } },
            });
        await AssertJsonErrorAsync(HttpStatusCode.BadRequest, "EmptyBatchRequest", "AWS.SimpleQueueService.EmptyBatchRequest",
            "DeleteMessageBatch", new { QueueUrl = url, Entries = Array.Empty<object>() });
    }

    private async Task<string> CreateQueueAsync(string prefix)
    {
        var (status, xml) = await QueryAsync(("Action", "CreateQueue"), ("QueueName", SqsPlatformFixture.UniqueName(prefix)));
        Assert.Equal(HttpStatusCode.OK, status);
        return xml.Descendants(Sqs + "QueueUrl").Single().Value;
    }

    private Task<(HttpStatusCode, XDocument)> QueryAsync(params (string Name, string Value)[] fields) => PostFormAsync("/", fields);

    private async Task<(HttpStatusCode, XDocument)> PostFormAsync(string path, params (string Name, string Value)[] fields)
    {
        var form = string.Join('&', fields.Select(f => Uri.EscapeDataString(f.Name) + "=" + Uri.EscapeDataString(f.Value)));
        using var content = new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await _http.PostAsync(Base + path, content);
        return (response.StatusCode, XDocument.Parse(await response.Content.ReadAsStringAsync()));
    }

    private async Task AssertQueryErrorAsync(HttpStatusCode status, string code, params (string Name, string Value)[] fields)
    {
        var (actual, xml) = await QueryAsync(fields);
        Assert.True(status == actual, $"expected {status} {code}, got {actual}: {xml}");
        var error = xml.Root!.Element(Sqs + "Error")!;
        Assert.Equal("ErrorResponse", xml.Root.Name.LocalName);
        Assert.Equal("Sender", error.Element(Sqs + "Type")!.Value);
        Assert.Equal(code, error.Element(Sqs + "Code")!.Value);
        Assert.False(string.IsNullOrEmpty(error.Element(Sqs + "Message")!.Value));
        Assert.NotNull(error.Element(Sqs + "Detail"));
        Assert.False(string.IsNullOrEmpty(xml.Root.Element(Sqs + "RequestId")!.Value));
    }

    private async Task<(HttpStatusCode, string)> JsonAsync(string operation, object request)
    {
        var (status, body, _) = await PostJsonAsync(operation, JsonSerializer.Serialize(request), "application/x-amz-json-1.0");
        return (status, body);
    }

    private async Task<(HttpStatusCode, string, Dictionary<string, string>)> PostJsonAsync(string operation, string json, string contentType)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, Base + "/");
        message.Headers.TryAddWithoutValidation("X-Amz-Target", "AmazonSQS." + operation);
        message.Content = new StringContent(json, Encoding.UTF8);
        message.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        using var response = await _http.SendAsync(message);
        var headers = response.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value));
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), headers);
    }

    private async Task AssertJsonErrorAsync(HttpStatusCode status, string type, string queryCode, string operation, object request)
    {
        var (actual, body, headers) = await PostJsonAsync(operation, JsonSerializer.Serialize(request), "application/x-amz-json-1.0");
        Assert.True(status == actual, $"expected {status} {type}, got {actual}: {body}");
        var error = JsonDocument.Parse(body).RootElement;
        Assert.Equal("com.amazonaws.sqs#" + type, error.GetProperty("__type").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.Equal(queryCode + ";Sender", headers["x-amzn-query-error"]);
    }
}
