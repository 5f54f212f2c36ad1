using Platform.Contracts.Functions;
using Platform.Triggers.Mappings;
using Platform.Triggers.Sources.Sqs;

namespace Platform.Tests.Triggers.Sources.Sqs;

public sealed class SqsMappingRulesTests
{
    private static readonly FunctionDefinition Function = new() { Name = "orders", Timeout = TimeSpan.FromSeconds(3) };

    private static EventSourceMapping Mapping(int? batchSize = null, int? window = null) => new()
    {
        Uuid = "u",
        FunctionName = "orders",
        EventSourceArn = SqsRecords.QueueArn,
        BatchSize = batchSize,
        MaximumBatchingWindowInSeconds = window,
    };

    private static EventSourceMapping Valid(EventSourceMapping mapping, bool fifo = false, int visibilitySeconds = 30, FunctionDefinition? function = null) =>
        SqsMappingRules.Validate(mapping, function ?? Function, fifo, TimeSpan.FromSeconds(visibilitySeconds));

    private static MappingValidationException Invalid(EventSourceMapping mapping, bool? fifo = false, int visibilitySeconds = 30,
        FunctionDefinition? function = null) =>
        Assert.Throws<MappingValidationException>(() =>
            SqsMappingRules.Validate(mapping, function ?? Function, fifo, TimeSpan.FromSeconds(visibilitySeconds)));

    [Fact]
    public void Defaults_are_filled_in()
    {
        var valid = Valid(Mapping());
        Assert.Equal((10, 0), (valid.BatchSize, valid.MaximumBatchingWindowInSeconds));
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(10, 0)]
    [InlineData(11, 1)]
    [InlineData(10_000, 300)]
    public void Accepts_AWS_ranges(int batchSize, int window) => Assert.Equal(batchSize, Valid(Mapping(batchSize, window)).BatchSize);

    [Theory]
    [InlineData(0, 0, "ValidationException")]
    [InlineData(10_001, 1, "ValidationException")]
    [InlineData(10, -1, "ValidationException")]
    [InlineData(10, 301, "ValidationException")]
    public void Rejects_out_of_range_values(int batchSize, int window, string code) =>
        Assert.Equal(code, Invalid(Mapping(batchSize, window)).ErrorCode);

    [Fact]
    public void A_batch_over_10_needs_a_window() =>
        Assert.Equal("Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10",
            Invalid(Mapping(11, 0)).Message);

    [Fact]
    public void Fifo_batches_are_at_most_10()
    {
        Assert.Equal(10, Valid(Mapping(10), fifo: true).BatchSize);
        Assert.Contains("FIFO", Invalid(Mapping(11, 1), fifo: true).Message);
    }

    [Fact]
    public void The_function_timeout_must_not_exceed_the_visibility_timeout()
    {
        var slow = Function with { Timeout = TimeSpan.FromSeconds(60) };
        Assert.Equal("Queue visibility timeout: 30 seconds is less than Function timeout: 60 seconds",
            Invalid(Mapping(), visibilitySeconds: 30, function: slow).Message);
        Assert.Equal(10, Valid(Mapping(), visibilitySeconds: 60, function: slow).BatchSize);
    }

    [Fact]
    public void Unknown_function_and_queue()
    {
        Assert.Equal("ResourceNotFoundException", Assert.Throws<MappingValidationException>(() =>
            SqsMappingRules.Validate(Mapping(), null, false, TimeSpan.FromSeconds(30))).ErrorCode);
        Assert.Contains("NonExistentQueue", Invalid(Mapping(), fifo: null).Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1001)]
    public void Maximum_concurrency_is_2_to_1000(int concurrency)
    {
        Assert.Contains("maximumConcurrency", Invalid(Mapping() with { MaximumConcurrency = concurrency }).Message);
        Assert.Equal(2, Valid(Mapping() with { MaximumConcurrency = 2 }).MaximumConcurrency);
    }

    [Fact]
    public void Only_ReportBatchItemFailures_is_a_response_type()
    {
        Assert.True(Valid(Mapping() with { FunctionResponseTypes = ["ReportBatchItemFailures"] }).ReportsBatchItemFailures);
        Assert.Equal("ValidationException", Invalid(Mapping() with { FunctionResponseTypes = ["ReportItemFailures"] }).ErrorCode);
    }

    [Fact]
    public void Stream_options_are_rejected() =>
        Assert.Contains("StartingPosition", Invalid(Mapping() with { StartingPosition = "LATEST" }).Message);

    [Fact]
    public void Filter_patterns_must_parse() =>
        Assert.Equal("InvalidParameterValueException", Invalid(Mapping() with { FilterPatterns = ["""{"body":{"type":"order"}}"""] }).ErrorCode);

    [Fact]
    public void At_most_five_filters() =>
        Assert.Contains("filter", Invalid(Mapping() with { FilterPatterns = Enumerable.Repeat("""{"body":{"a":[1]}}""", 6).ToList() }).Message);
}
