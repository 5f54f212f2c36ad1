using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Contracts.Functions;
using Platform.Host.Composition;
using Platform.Host.Configuration;
using Platform.IntegrationTests.Support;
using Platform.Runtime;
using Platform.Triggers.Mappings;

namespace Platform.IntegrationTests.Dashboard;

/// <summary>
/// One embedded platform for the dashboard tests: bucket <c>uploads</c> → <c>thumbs</c> (logs a line per
/// object); queue <c>orders</c> (DLQ <c>orders-dlq</c> after one receive) → <c>orders</c>; queue
/// <c>payments</c> → <c>payments</c>; stream <c>clicks</c>. The queue functions fail on every message while
/// <see cref="Broken"/> holds — tests heal them to watch redrive and replay succeed.
/// </summary>
public sealed class DashboardPlatformFixture : IAsyncLifetime
{
    public const string OrdersMapping = "orders";
    private const string Account = "arn:aws:sqs:us-east-1:000000000000:";

    private volatile bool _broken = true;

    public PlatformApp App { get; private set; } = null!;
    public Uri Endpoint => App.Endpoint;
    public HttpClient? Http { get; private set; }

    public bool Broken { get => _broken; set => _broken = value; }

    public static string MappingUuid(string function) => MappingIds.ForDeclaration(function, Account + function);

    public async Task InitializeAsync()
    {
        var config = new PlatformConfig
        {
            Buckets = ["uploads"],
            Queues =
            [
                new QueueDeclaration("orders-dlq", new Dictionary<string, string>()),
                new QueueDeclaration("orders", new Dictionary<string, string>
                {
                    ["VisibilityTimeout"] = "2",
                    ["RedrivePolicy"] = """{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:orders-dlq","maxReceiveCount":1}""",
                }),
                new QueueDeclaration("payments", new Dictionary<string, string> { ["VisibilityTimeout"] = "2" }),
            ],
            Streams = [new StreamDeclaration("clicks", 2, 0)],
            S3Triggers = [new S3TriggerDeclaration { Function = "thumbs", Bucket = "uploads", Id = "platform-yaml-thumbs-0", Events = ["s3:ObjectCreated:*"] }],
            Mappings = [Mapping("orders"), Mapping("payments")],
            HttpRoutes = [new HttpRouteDeclaration { Function = "api", Method = "GET", Path = "/orders/{id}" }],
        };
        App = await InProcessPlatform.StartAsync(config, services =>
        {
            services.AddFunction(new FunctionDefinition { Name = "thumbs", Timeout = TimeSpan.FromSeconds(10), Environment = new Dictionary<string, string> { ["API_KEY"] = "s3cr3t-value" } },
                (payload, context) =>
                {
                    var key = System.Text.Json.JsonDocument.Parse(payload).RootElement.GetProperty("Records")[0].GetProperty("s3").GetProperty("object").GetProperty("key").GetString();
                    context.Logger.LogInformation("made a thumbnail of {Key}", key);
                    return Task.FromResult<string?>($$"""{"thumbnail":"{{key}}.png"}""");
                });
            services.AddFunction(new FunctionDefinition { Name = "api", Timeout = TimeSpan.FromSeconds(10) },
                (_, _) => Task.FromResult<string?>("""{"statusCode":200,"body":"order"}"""));
            foreach (var name in new[] { "orders", "payments" })
            {
                services.AddFunction(new FunctionDefinition { Name = name, Timeout = TimeSpan.FromSeconds(2) }, (payload, context) =>
                {
                    if (Broken)
                        throw new InvalidOperationException("the payment service is down");
                    context.Logger.LogInformation("handled a batch");
                    return Task.FromResult<string?>(null);
                });
            }
        });
        Http = new HttpClient { BaseAddress = App.Endpoint, Timeout = TimeSpan.FromSeconds(60) };
    }

    private static MappingDeclaration Mapping(string name) => new(new EventSourceMapping
    {
        Uuid = MappingUuid(name),
        FunctionName = name,
        EventSourceArn = Account + name,
        Origin = MappingOrigins.Config,
        BatchSize = 1,
    }, 0);

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (App is not null)
            await App.DisposeAsync();
    }
}
