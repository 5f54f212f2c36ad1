using Platform.Contracts.Functions;
using Platform.Triggers.Dispatch;

namespace Platform.Tests.Triggers.Dispatch;

public sealed class InvocationLimitsTests
{
    [Theory]
    [InlineData(10, null, 10)]
    [InlineData(10, 3, 3)]
    [InlineData(2, 5, 2)] // a mapping's MaximumConcurrency above reserved concurrency is throttled to it
    [InlineData(1, null, 1)]
    public void A_source_runs_at_most_its_maximum_and_never_beyond_the_functions_concurrency(int reserved, int? sourceMaximum, int expected) =>
        Assert.Equal(expected, InvocationLimits.Concurrency(new FunctionDefinition { Name = "f", Concurrency = reserved }, sourceMaximum));
}
