using System.Text;

namespace Platform.IntegrationTests.Hardening;

/// <summary>One hostile request and the error its service answers: the status and the AWS code, in
/// the protocol's own shape (<see cref="Api"/> says which).</summary>
internal sealed record BadInput(string Api, string Name, Func<int, byte[]> Build, int Status, string Code)
{
    public override string ToString() => $"{Api}: {Name}";

    /// <summary>Asserts the reply is this API's error document carrying <see cref="Code"/>.</summary>
    public void AssertShape(RawExchange.Reply reply)
    {
        var context = $"{this} → {reply.Status} {reply.Body}";
        Assert.True(reply.Status == Status, context);
        switch (Api)
        {
            case "s3":
                Assert.True(reply.Body.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + Code + "</Code>", StringComparison.Ordinal), context);
                Assert.False(string.IsNullOrEmpty(reply.Header("x-amz-request-id")), context);
                break;
            case "sqs-query":
            case "sns":
                Assert.True(reply.Body.Contains("<ErrorResponse", StringComparison.Ordinal) && reply.Body.Contains($"<Code>{Code}</Code>", StringComparison.Ordinal), context);
                break;
            case "sqs-json":
            case "kinesis":
            case "events":
                Assert.True(reply.Body.Contains($"\"__type\":\"", StringComparison.Ordinal) && reply.Body.Contains(Code + "\"", StringComparison.Ordinal), context);
                break;
            case "kinesis-xml":
                Assert.True(reply.Body.Trim() == $"<{Code}/>", context);
                break;
            case "lambda":
            case "apigateway":
                Assert.True(reply.Header("X-Amzn-ErrorType") == Code && reply.Body.Contains("\"message\":", StringComparison.Ordinal), context);
                Assert.DoesNotContain("Exception:", reply.Body);
                Assert.DoesNotContain(" at ", reply.Body);
                break;
            case "scheduler":
                Assert.True(reply.Header("X-Amzn-ErrorType") == Code && reply.Body.Contains("\"Message\":", StringComparison.Ordinal), context);
                break;
            default:
                throw new InvalidOperationException(Api);
        }
    }

    public static byte[] Bytes(string latin1) => Encoding.Latin1.GetBytes(latin1);

    public static string Latin1(byte[] bytes) => Encoding.Latin1.GetString(bytes);

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    /// <summary><paramref name="depth"/> nested arrays inside a JSON member.</summary>
    public static byte[] DeepJson(string member, int depth) =>
        Encoding.ASCII.GetBytes($"{{\"{member}\":" + new string('[', depth) + new string(']', depth) + "}");
}
