using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Functions;
using Platform.Host.Configuration;
using Platform.IntegrationTests.Support;
using Platform.Runtime;

namespace Platform.IntegrationTests.Tables;

/// <summary>A DynamoDB stream mapping with a one-second tumbling window, created with the aws CLI: the
/// function sums the window's items in its state and gets the total in the final invocation, as in
/// AWS's services-ddb-windows example.</summary>
public sealed class DynamoDbTumblingWindowTests
{
    [Fact]
    public async Task The_final_invocation_of_a_window_carries_the_state_built_from_its_items()
    {
        var collector = new EventCollector();
        await using var app = await InProcessPlatform.StartAsync(new PlatformConfig(), services => services.AddFunction(
            new FunctionDefinition { Name = "totals", Timeout = TimeSpan.FromSeconds(10) }, (payload, _) =>
            {
                collector.Add(payload);
                using var window = JsonDocument.Parse(payload);
                var total = window.RootElement.GetProperty("state").TryGetProperty("total", out var sum) ? sum.GetInt32() : 0;
                foreach (var record in window.RootElement.GetProperty("Records").EnumerateArray())
                    total += int.Parse(record.GetProperty("dynamodb").GetProperty("NewImage").GetProperty("qty").GetProperty("N").GetString()!,
                        System.Globalization.CultureInfo.InvariantCulture);
                return Task.FromResult<string?>($$"""{"state":{"total":{{total}}},"batchItemFailures":[]}""");
            }));
        var aws = new AwsCli(app.Endpoint);
        var streamArn = JsonDocument.Parse(await aws.RunOkAsync("dynamodb", "create-table", "--table-name", "sales",
                "--attribute-definitions", "AttributeName=pk,AttributeType=S", "--key-schema", "AttributeName=pk,KeyType=HASH",
                "--billing-mode", "PAY_PER_REQUEST", "--stream-specification", "StreamEnabled=true,StreamViewType=NEW_IMAGE"))
            .RootElement.GetProperty("TableDescription").GetProperty("LatestStreamArn").GetString()!;
        var mapping = JsonDocument.Parse(await aws.RunOkAsync("lambda", "create-event-source-mapping", "--function-name", "totals",
            "--event-source-arn", streamArn, "--starting-position", "TRIM_HORIZON", "--tumbling-window-in-seconds", "1",
            "--function-response-types", "ReportBatchItemFailures")).RootElement;
        Assert.Equal(1, mapping.GetProperty("TumblingWindowInSeconds").GetInt32());

        foreach (var (key, qty) in new[] { ("a", 2), ("b", 3), ("c", 5) })
            await aws.RunOkAsync("dynamodb", "put-item", "--table-name", "sales", "--item", "{\"pk\":{\"S\":\"" + key + "\"},\"qty\":{\"N\":\"" + qty + "\"}}");

        // The puts may straddle a window boundary: the finals of every window together hold the sum.
        var finals = new List<JsonElement>();
        var seen = 0;
        while (finals.Sum(f => f.GetProperty("state").GetProperty("total").GetInt32()) < 10)
        {
            var events = await collector.WaitForAsync(_ => true, ++seen, TimeSpan.FromSeconds(30));
            var latest = events[seen - 1];
            if (latest.GetProperty("isFinalInvokeForWindow").GetBoolean())
                finals.Add(latest);
        }

        Assert.Equal(10, finals.Sum(f => f.GetProperty("state").GetProperty("total").GetInt32()));
        Assert.All(finals, f => Assert.Empty(f.GetProperty("Records").EnumerateArray()));
        Assert.All(finals, f => Assert.Equal(streamArn, f.GetProperty("eventSourceARN").GetString()));
        var window = finals[0].GetProperty("window");
        Assert.Equal(TimeSpan.FromSeconds(1), DateTimeOffset.Parse(window.GetProperty("end").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            - DateTimeOffset.Parse(window.GetProperty("start").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }
}
