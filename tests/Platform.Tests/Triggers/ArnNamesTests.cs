using Platform.Triggers.Failures;
using Platform.Triggers.Sources.S3;

namespace Platform.Tests.Triggers;

public sealed class ArnNamesTests
{
    [Theory]
    [InlineData("failures", "failures")]
    [InlineData("arn:aws:sqs:us-east-1:000000000000:failures", "failures")]
    [InlineData("http://127.0.0.1:4566/000000000000/failures", "failures")]
    public void Destinations_resolve_to_queue_names(string destination, string name) =>
        Assert.Equal(name, DestinationQueue.ResolveName(destination));

    [Theory]
    [InlineData("arn:aws:lambda:us-east-1:000000000000:function:resize", "resize")]
    [InlineData("arn:aws:lambda:eu-west-1:123456789012:function:resize:$LATEST", "resize")]
    [InlineData("resize", "resize")]
    public void Function_arns_give_the_function_name(string arn, string name)
    {
        Assert.True(FunctionArn.TryParseName(arn, out var parsed));
        Assert.Equal(name, parsed);
    }

    [Theory]
    [InlineData("arn:aws:sqs:us-east-1:000000000000:resize")]
    [InlineData("arn:aws:lambda:us-east-1:000000000000:layer:x")]
    [InlineData("")]
    public void Other_arns_are_not_functions(string arn) => Assert.False(FunctionArn.TryParseName(arn, out _));
}
