using Platform.Triggers.Mappings;

namespace Platform.Tests.Triggers.Sources.Kinesis;

public sealed class KinesisMappingWorkerFactoryTests : IAsyncLifetime
{
    private readonly StreamHarness _harness = new();

    public Task InitializeAsync() => _harness.CreateFailureQueueAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public void Serves_kinesis_mappings_and_fills_in_defaults_for_an_existing_stream()
    {
        var stream = _harness.Streams.CreateStream("orders");

        var mapping = _harness.Factory.Validate(StreamHarness.Mapping(stream) with { OnFailureDestination = StreamHarness.FailureQueueArn });

        Assert.Equal(EventSourceKind.Kinesis, _harness.Factory.Kind);
        Assert.Equal(100, mapping.BatchSize);
        Assert.Equal(StreamHarness.FailureQueueArn, mapping.OnFailureDestination);
    }

    [Fact]
    public void Refuses_a_stream_that_does_not_exist()
    {
        var error = Assert.Throws<MappingValidationException>(() =>
            _harness.Factory.Validate(StreamHarness.Mapping(InMemoryStreamSource.ArnOf("missing"))));

        Assert.Equal("InvalidParameterValueException", error.ErrorCode);
        Assert.Equal("Stream not found: arn:aws:kinesis:us-east-1:000000000000:stream/missing", error.Message);
    }

    [Fact]
    public void Refuses_an_on_failure_queue_that_does_not_exist()
    {
        var stream = _harness.Streams.CreateStream("orders");

        var error = Assert.Throws<MappingValidationException>(() => _harness.Factory.Validate(
            StreamHarness.Mapping(stream) with { OnFailureDestination = "arn:aws:sqs:us-east-1:000000000000:nowhere" }));

        Assert.Equal("InvalidParameterValueException", error.ErrorCode);
        Assert.Contains("arn:aws:sqs:us-east-1:000000000000:nowhere", error.Message, StringComparison.Ordinal);
    }
}
