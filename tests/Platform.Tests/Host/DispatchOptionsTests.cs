using Platform.Host.Composition;

namespace Platform.Tests.Host;

public sealed class DispatchOptionsTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("in-memory")]
    [InlineData("memory")]
    public void No_transport_or_in_memory_runs_the_functions_here(string? transport)
    {
        var options = DispatchOptions.Parse(transport, runFunctions: false);
        Assert.Null(options.RabbitMq);
        Assert.True(options.RunsFunctions);
        Assert.Equal("in-memory", options.Description);
        Assert.Equal(TimeSpan.FromSeconds(5), options.InvokeTimeoutMargin);
    }

    [Fact]
    public void Rabbitmq_leaves_the_functions_to_workers_unless_asked_and_hides_the_password()
    {
        var workers = DispatchOptions.Parse("rabbitmq://app:s3cr%40t@broker:5673/jobs", runFunctions: false);
        Assert.False(workers.RunsFunctions);
        Assert.Equal("rabbitmq://app:***@broker:5673/jobs", workers.Description);
        Assert.DoesNotContain("s3cr", workers.Description);
        // Waiting on a queue behind busy workers, or a second run after a worker died, fits in it.
        Assert.True(workers.InvokeTimeoutMargin >= TimeSpan.FromSeconds(30));

        Assert.True(DispatchOptions.Parse("amqp://guest:guest@localhost/", runFunctions: true).RunsFunctions);
    }

    [Theory]
    [InlineData("kafka://broker:9092")]
    [InlineData("rabbitmq:")]
    [InlineData("broker:5672")]
    [InlineData("rabbitmq://guest:guest@broker/?heartbeat=5")]
    public void Anything_else_is_refused_with_what_is_accepted(string transport)
    {
        var error = Assert.Throws<ArgumentException>(() => DispatchOptions.Parse(transport, runFunctions: false));
        Assert.Contains("rabbitmq://", error.Message);
    }

    [Theory]
    [InlineData("rabbitmq://guest:guest@broker:5672/", "/")]
    [InlineData("rabbitmq://guest:guest@broker", "/")]
    [InlineData("rabbitmq://guest:guest@broker/jobs", "jobs")]
    [InlineData("rabbitmq://guest:guest@broker/%2Fteam", "/team")]
    public void The_path_is_the_virtual_host(string transport, string virtualHost) =>
        Assert.Equal(virtualHost, RabbitMqBroker.VirtualHost(new Uri(transport)));
}
