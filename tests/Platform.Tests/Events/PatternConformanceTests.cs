using System.Text.Json;
using Platform.Emulators.Events.Engine;
using Platform.Triggers.Sources.EventBridge;

namespace Platform.Tests.Events;

/// <summary>
/// EventBridge's documented pattern examples (the "Content filtering" and "Comparison operators"
/// pages of the EventBridge user guide) against events shaped like the guide's, through the matcher
/// the engine uses (<see cref="SharedEventPatternMatcher"/>): what matches, what does not, and which
/// patterns are refused with InvalidEventPatternException.
/// </summary>
public sealed class PatternConformanceTests
{
    private const string Ec2Event = """
        {"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718","detail-type":"EC2 Instance State-change Notification",
         "source":"aws.ec2","account":"111122223333","time":"2017-10-02T18:43:48Z","region":"us-west-1",
         "resources":["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
         "detail":{"instance-id":"i-1234567890abcdef0","state":"terminated","service":"EventBridge","FileName":"image.png",
                   "FilePath":"/usr/lib/x.so","c-count":5,"d-count":3,"x-limit":301.8,"sourceIPAddress":"10.0.0.123",
                   "Region":"eu-west-1","responseElements":null,"LastName":"","EventBusArn":"arn:aws:events:us-east-1:123456789012:event-bus/orders",
                   "tags":["prod","web"],"nested":{"level":{"deep":true}}}}
        """;

    private static readonly SharedEventPatternMatcher Matcher = new();

    private static bool Match(string pattern)
    {
        using var document = JsonDocument.Parse(Ec2Event);
        Matcher.Validate(pattern);
        return Matcher.Matches(pattern, document.RootElement);
    }

    [Theory]
    // exact values, And across fields, Or within a field, arrays in the event
    [InlineData("""{"source":["aws.ec2"]}""", true)]
    [InlineData("""{"source":["aws.ec2"],"detail-type":["EC2 Instance State-change Notification"]}""", true)]
    [InlineData("""{"source":["aws.s3","aws.ec2"]}""", true)]
    [InlineData("""{"source":["aws.s3"]}""", false)]
    [InlineData("""{"resources":["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"]}""", true)]
    [InlineData("""{"detail":{"tags":["web"]}}""", true)]
    [InlineData("""{"detail":{"tags":["dev"]}}""", false)]
    [InlineData("""{"detail":{"nested":{"level":{"deep":[true]}}}}""", true)]
    [InlineData("""{"detail":{"state":["terminated"],"instance-id":["i-1234567890abcdef0"]}}""", true)]
    [InlineData("""{"detail":{"state":["running"],"instance-id":["i-1234567890abcdef0"]}}""", false)]
    // null and empty values
    [InlineData("""{"detail":{"responseElements":[null]}}""", true)]
    [InlineData("""{"detail":{"LastName":[""]}}""", true)]
    [InlineData("""{"detail":{"state":[null]}}""", false)]
    // prefix / suffix, and their ignore-case forms
    [InlineData("""{"time":[{"prefix":"2017-10-02"}]}""", true)]
    [InlineData("""{"time":[{"prefix":"2017-10-03"}]}""", false)]
    [InlineData("""{"detail":{"service":[{"prefix":{"equals-ignore-case":"eventb"}}]}}""", true)]
    [InlineData("""{"detail":{"FileName":[{"suffix":".png"}]}}""", true)]
    [InlineData("""{"detail":{"FileName":[{"suffix":{"equals-ignore-case":".PNG"}}]}}""", true)]
    [InlineData("""{"detail":{"FileName":[{"suffix":".PNG"}]}}""", false)]
    // anything-but: value, number, lists, prefix, suffix, ignore-case, wildcard
    [InlineData("""{"detail":{"state":[{"anything-but":"initializing"}]}}""", true)]
    [InlineData("""{"detail":{"state":[{"anything-but":"terminated"}]}}""", false)]
    [InlineData("""{"detail":{"x-limit":[{"anything-but":123}]}}""", true)]
    [InlineData("""{"detail":{"state":[{"anything-but":["stopped","overloaded"]}]}}""", true)]
    [InlineData("""{"detail":{"state":[{"anything-but":["stopped","terminated"]}]}}""", false)]
    [InlineData("""{"detail":{"c-count":[{"anything-but":[100,200,300]}]}}""", true)]
    [InlineData("""{"detail":{"c-count":[{"anything-but":[5,6]}]}}""", false)]
    [InlineData("""{"detail":{"Region":[{"anything-but":{"prefix":"us-"}}]}}""", true)]
    [InlineData("""{"detail":{"Region":[{"anything-but":{"prefix":"eu-"}}]}}""", false)]
    [InlineData("""{"detail":{"FileName":[{"anything-but":{"suffix":".txt"}}]}}""", true)]
    [InlineData("""{"detail":{"FileName":[{"anything-but":{"suffix":".png"}}]}}""", false)]
    [InlineData("""{"detail":{"state":[{"anything-but":{"equals-ignore-case":["initializing","stopped"]}}]}}""", true)]
    [InlineData("""{"detail":{"state":[{"anything-but":{"equals-ignore-case":"TERMINATED"}}]}}""", false)]
    [InlineData("""{"detail":{"FilePath":[{"anything-but":{"wildcard":"*/lib/*"}}]}}""", false)]
    [InlineData("""{"detail":{"FilePath":[{"anything-but":{"wildcard":"*/bin/*"}}]}}""", true)]
    // numeric ranges
    [InlineData("""{"detail":{"c-count":[{"numeric":[">",0,"<=",5]}],"d-count":[{"numeric":["<",10]}],"x-limit":[{"numeric":["=",3.018e2]}]}}""", true)]
    [InlineData("""{"detail":{"c-count":[{"numeric":[">",5]}]}}""", false)]
    [InlineData("""{"detail":{"c-count":[{"numeric":[">=",5]}]}}""", true)]
    [InlineData("""{"detail":{"state":[{"numeric":[">",0]}]}}""", false)]
    // IP address ranges
    [InlineData("""{"detail":{"sourceIPAddress":[{"cidr":"10.0.0.0/24"}]}}""", true)]
    [InlineData("""{"detail":{"sourceIPAddress":[{"cidr":"10.0.1.0/24"}]}}""", false)]
    // exists
    [InlineData("""{"detail":{"state":[{"exists":true}]}}""", true)]
    [InlineData("""{"detail":{"missing":[{"exists":false}]}}""", true)]
    [InlineData("""{"detail":{"state":[{"exists":false}]}}""", false)]
    [InlineData("""{"detail":{"missing":[{"exists":true}]}}""", false)]
    // equals-ignore-case
    [InlineData("""{"detail-type":[{"equals-ignore-case":"ec2 instance state-change notification"}]}""", true)]
    [InlineData("""{"detail-type":[{"equals-ignore-case":"ec2 instance"}]}""", false)]
    // wildcard
    [InlineData("""{"detail":{"EventBusArn":[{"wildcard":"arn:aws:events:us-east-1:*:event-bus/*"}]}}""", true)]
    [InlineData("""{"detail":{"EventBusArn":[{"wildcard":"arn:aws:events:us-west-2:*:event-bus/*"}]}}""", false)]
    [InlineData("""{"detail":{"FileName":[{"wildcard":"*.png"}]}}""", true)]
    // $or
    [InlineData("""{"detail":{"$or":[{"c-count":[{"numeric":[">",10]}]},{"d-count":[{"numeric":["<",10]}]}]}}""", true)]
    [InlineData("""{"detail":{"$or":[{"c-count":[{"numeric":[">",10]}]},{"d-count":[{"numeric":[">",10]}]}]}}""", false)]
    [InlineData("""{"source":["aws.ec2"],"$or":[{"detail-type":["nope"]},{"detail":{"state":["terminated"]}}]}""", true)]
    // mixing matchers for one field ORs them
    [InlineData("""{"detail":{"state":["running",{"prefix":"term"}]}}""", true)]
    public void Documented_patterns_match_as_EventBridge_does(string pattern, bool expected) =>
        Assert.Equal(expected, Match(pattern));

    [Theory]
    [InlineData("""{"source":"aws.ec2"}""")]
    [InlineData("""{"source":[]}""")]
    [InlineData("""[]""")]
    [InlineData("""{}""")]
    [InlineData("""not json""")]
    [InlineData("""{"detail":{"c-count":[{"numeric":[">","five"]}]}}""")]
    [InlineData("""{"detail":{"c-count":[{"numeric":["<",5,">",10]}]}}""")]
    [InlineData("""{"detail":{"c-count":[{"numeric":[">",10,"<",5]}]}}""")]
    [InlineData("""{"detail":{"state":[{"exists":"yes"}]}}""")]
    [InlineData("""{"detail":{"state":[{"unknown-op":"x"}]}}""")]
    [InlineData("""{"detail":{"state":[{"prefix":"a","suffix":"b"}]}}""")]
    [InlineData("""{"detail":{"state":[{"anything-but":{"prefix":""}}]}}""")]
    [InlineData("""{"detail":{"state":[{"anything-but":["a",1]}]}}""")]
    [InlineData("""{"detail":{"ip":[{"cidr":"10.0.0.0/99"}]}}""")]
    [InlineData("""{"detail":{"$or":[]}}""")]
    [InlineData("""{"detail":{"state":[["nested"]]}}""")]
    public void Malformed_patterns_are_refused(string pattern) =>
        Assert.Throws<FormatException>(() => Matcher.Validate(pattern));

    [Fact]
    public void The_engine_wraps_the_reason_in_EventBridge_s_message()
    {
        var error = Assert.Throws<FormatException>(() => Matcher.Validate("""{"source":"aws.ec2"}"""));
        Assert.DoesNotContain("Invalid filter pattern definition", error.Message, StringComparison.Ordinal);
        var wrapped = EventsErrors.InvalidPattern(error.Message);
        Assert.Equal("InvalidEventPatternException", wrapped.Code);
        Assert.StartsWith("Event pattern is not valid. Reason: ", wrapped.Message, StringComparison.Ordinal);
    }
}
