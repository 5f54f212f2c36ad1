using System.Text.Json;
using Platform.Triggers.Filtering;

namespace Platform.Tests.Triggers.Filtering;

public sealed class EventPatternMatchTests
{
    private static bool Match(string pattern, string json)
    {
        using var document = JsonDocument.Parse(json);
        return EventPattern.Parse(pattern).Matches(document.RootElement);
    }

    [Theory]
    // exact strings, numbers, booleans, null
    [InlineData("""{"a":["x"]}""", """{"a":"x"}""", true)]
    [InlineData("""{"a":["x"]}""", """{"a":"X"}""", false)]
    [InlineData("""{"a":["x","y"]}""", """{"a":"y"}""", true)]
    [InlineData("""{"a":["x"]}""", """{"b":"x"}""", false)]
    [InlineData("""{"a":[5]}""", """{"a":5}""", true)]
    [InlineData("""{"a":[5]}""", """{"a":5.0}""", true)]
    [InlineData("""{"a":[5.5]}""", """{"a":55e-1}""", true)]
    [InlineData("""{"a":[5]}""", """{"a":"5"}""", false)]
    [InlineData("""{"a":["5"]}""", """{"a":5}""", false)]
    [InlineData("""{"a":[true]}""", """{"a":true}""", true)]
    [InlineData("""{"a":[true]}""", """{"a":"true"}""", false)]
    [InlineData("""{"a":[false]}""", """{"a":true}""", false)]
    [InlineData("""{"a":[null]}""", """{"a":null}""", true)]
    [InlineData("""{"a":[null]}""", """{}""", false)]
    [InlineData("""{"a":[null]}""", """{"a":"null"}""", false)]
    [InlineData("""{"a":[""]}""", """{"a":""}""", true)]
    [InlineData("""{"a":[""]}""", """{"a":null}""", false)]
    public void Exact_values(string pattern, string json, bool expected) => Assert.Equal(expected, Match(pattern, json));

    [Theory]
    [InlineData("""{"a":[{"prefix":"ab"}]}""", """{"a":"abc"}""", true)]
    [InlineData("""{"a":[{"prefix":"ab"}]}""", """{"a":"Abc"}""", false)]
    [InlineData("""{"a":[{"prefix":"ab"}]}""", """{"a":"xab"}""", false)]
    [InlineData("""{"a":[{"prefix":""}]}""", """{"a":"anything"}""", true)]
    [InlineData("""{"a":[{"prefix":"1"}]}""", """{"a":12}""", false)]
    [InlineData("""{"a":[{"prefix":{"equals-ignore-case":"AB"}}]}""", """{"a":"abc"}""", true)]
    [InlineData("""{"a":[{"suffix":".png"}]}""", """{"a":"img.png"}""", true)]
    [InlineData("""{"a":[{"suffix":".png"}]}""", """{"a":"img.PNG"}""", false)]
    [InlineData("""{"a":[{"suffix":{"equals-ignore-case":".png"}}]}""", """{"a":"img.PNG"}""", true)]
    [InlineData("""{"a":[{"suffix":".png"}]}""", """{"a":"png.jpg"}""", false)]
    [InlineData("""{"a":[{"equals-ignore-case":"Order"}]}""", """{"a":"ORDER"}""", true)]
    [InlineData("""{"a":[{"equals-ignore-case":"Order"}]}""", """{"a":"Orders"}""", false)]
    [InlineData("""{"a":[{"equals-ignore-case":"Order"}]}""", """{}""", false)]
    public void String_matchers(string pattern, string json, bool expected) => Assert.Equal(expected, Match(pattern, json));

    [Theory]
    [InlineData("""{"a":[{"anything-but":"x"}]}""", """{"a":"y"}""", true)]
    [InlineData("""{"a":[{"anything-but":"x"}]}""", """{"a":"x"}""", false)]
    [InlineData("""{"a":[{"anything-but":"x"}]}""", """{}""", false)]
    [InlineData("""{"a":[{"anything-but":"x"}]}""", """{"a":7}""", true)]
    [InlineData("""{"a":[{"anything-but":["x","y"]}]}""", """{"a":"y"}""", false)]
    [InlineData("""{"a":[{"anything-but":["x","y"]}]}""", """{"a":"z"}""", true)]
    [InlineData("""{"a":[{"anything-but":100}]}""", """{"a":100.0}""", false)]
    [InlineData("""{"a":[{"anything-but":[100,200]}]}""", """{"a":150}""", true)]
    [InlineData("""{"a":[{"anything-but":{"prefix":"init"}}]}""", """{"a":"initial"}""", false)]
    [InlineData("""{"a":[{"anything-but":{"prefix":"init"}}]}""", """{"a":"final"}""", true)]
    [InlineData("""{"a":[{"anything-but":{"suffix":".tmp"}}]}""", """{"a":"x.tmp"}""", false)]
    [InlineData("""{"a":[{"anything-but":{"suffix":".tmp"}}]}""", """{"a":"x.txt"}""", true)]
    [InlineData("""{"a":[{"anything-but":{"equals-ignore-case":["ok","fine"]}}]}""", """{"a":"OK"}""", false)]
    [InlineData("""{"a":[{"anything-but":{"equals-ignore-case":"ok"}}]}""", """{"a":"bad"}""", true)]
    [InlineData("""{"a":[{"anything-but":{"wildcard":"*.tmp"}}]}""", """{"a":"x.tmp"}""", false)]
    [InlineData("""{"a":[{"anything-but":{"wildcard":"*.tmp"}}]}""", """{"a":"x.log"}""", true)]
    // an array passes when any element is not excluded
    [InlineData("""{"a":[{"anything-but":"x"}]}""", """{"a":["x","y"]}""", true)]
    [InlineData("""{"a":[{"anything-but":"x"}]}""", """{"a":["x","x"]}""", false)]
    public void Anything_but(string pattern, string json, bool expected) => Assert.Equal(expected, Match(pattern, json));

    [Theory]
    [InlineData("""{"a":[{"numeric":[">",0]}]}""", """{"a":1}""", true)]
    [InlineData("""{"a":[{"numeric":[">",0]}]}""", """{"a":0}""", false)]
    [InlineData("""{"a":[{"numeric":[">=",0]}]}""", """{"a":0}""", true)]
    [InlineData("""{"a":[{"numeric":["<",0]}]}""", """{"a":-0.5}""", true)]
    [InlineData("""{"a":[{"numeric":["<=",10]}]}""", """{"a":10}""", true)]
    [InlineData("""{"a":[{"numeric":["=",3.5]}]}""", """{"a":3.5}""", true)]
    [InlineData("""{"a":[{"numeric":["=",3.5]}]}""", """{"a":3.4}""", false)]
    [InlineData("""{"a":[{"numeric":[">",0,"<=",5]}]}""", """{"a":5}""", true)]
    [InlineData("""{"a":[{"numeric":[">",0,"<=",5]}]}""", """{"a":5.01}""", false)]
    [InlineData("""{"a":[{"numeric":[">",0,"<=",5]}]}""", """{"a":0}""", false)]
    [InlineData("""{"a":[{"numeric":[">",0]}]}""", """{"a":"5"}""", false)]
    [InlineData("""{"a":[{"numeric":[">",0]}]}""", """{}""", false)]
    [InlineData("""{"a":[{"numeric":[">",9999]}]}""", """{"a":1e5}""", true)]
    public void Numeric(string pattern, string json, bool expected) => Assert.Equal(expected, Match(pattern, json));

    [Theory]
    [InlineData("""{"a":[{"exists":true}]}""", """{"a":"x"}""", true)]
    [InlineData("""{"a":[{"exists":true}]}""", """{"a":null}""", true)]
    [InlineData("""{"a":[{"exists":true}]}""", """{}""", false)]
    [InlineData("""{"a":[{"exists":true}]}""", """{"a":[]}""", false)]
    [InlineData("""{"a":[{"exists":true}]}""", """{"a":{"b":1}}""", false)]
    [InlineData("""{"a":[{"exists":false}]}""", """{}""", true)]
    [InlineData("""{"a":[{"exists":false}]}""", """{"a":"x"}""", false)]
    [InlineData("""{"a":[{"exists":false}]}""", """{"a":[]}""", true)]
    [InlineData("""{"a":[{"exists":false}]}""", """{"a":{"b":1}}""", true)]
    [InlineData("""{"a":["x",{"exists":false}]}""", """{"a":"x"}""", true)]
    [InlineData("""{"a":["x",{"exists":false}]}""", """{}""", true)]
    [InlineData("""{"a":["x",{"exists":false}]}""", """{"a":"y"}""", false)]
    [InlineData("""{"a":{"b":[{"exists":false}]}}""", """{}""", true)]
    [InlineData("""{"a":{"b":[{"exists":false}]}}""", """{"a":{"b":1}}""", false)]
    public void Exists(string pattern, string json, bool expected) => Assert.Equal(expected, Match(pattern, json));

    [Theory]
    [InlineData("""{"a":[{"wildcard":"*.png"}]}""", """{"a":"dir/img.png"}""", true)]
    [InlineData("""{"a":[{"wildcard":"*.png"}]}""", """{"a":"img.png.bak"}""", false)]
    [InlineData("""{"a":[{"wildcard":"dir/*/img*"}]}""", """{"a":"dir/x/y/img-1"}""", true)]
    [InlineData("""{"a":[{"wildcard":"a*b*c"}]}""", """{"a":"abbbcbc"}""", true)]
    [InlineData("""{"a":[{"wildcard":"a*b*c"}]}""", """{"a":"abbbcb"}""", false)]
    [InlineData("""{"a":[{"wildcard":"*"}]}""", """{"a":""}""", true)]
    [InlineData("""{"a":[{"wildcard":"abc"}]}""", """{"a":"abc"}""", true)]
    [InlineData("""{"a":[{"wildcard":"abc"}]}""", """{"a":"abcd"}""", false)]
    [InlineData("""{"a":[{"wildcard":"a\\*b"}]}""", """{"a":"a*b"}""", true)]
    [InlineData("""{"a":[{"wildcard":"a\\*b"}]}""", """{"a":"axb"}""", false)]
    [InlineData("""{"a":[{"wildcard":"*.PNG"}]}""", """{"a":"x.png"}""", false)]
    public void Wildcard(string pattern, string json, bool expected) => Assert.Equal(expected, Match(pattern, json));

    [Theory]
    [InlineData("""{"ip":[{"cidr":"10.0.0.0/24"}]}""", """{"ip":"10.0.0.255"}""", true)]
    [InlineData("""{"ip":[{"cidr":"10.0.0.0/24"}]}""", """{"ip":"10.0.1.0"}""", false)]
    [InlineData("""{"ip":[{"cidr":"10.0.0.0/8"}]}""", """{"ip":"10.200.3.4"}""", true)]
    [InlineData("""{"ip":[{"cidr":"2001:db8::/32"}]}""", """{"ip":"2001:db8:1::1"}""", true)]
    [InlineData("""{"ip":[{"cidr":"2001:db8::/32"}]}""", """{"ip":"10.0.0.1"}""", false)]
    [InlineData("""{"ip":[{"cidr":"10.0.0.0/24"}]}""", """{"ip":"not an ip"}""", false)]
    [InlineData("""{"ip":[{"cidr":"0.0.0.0/0"}]}""", """{"ip":"10"}""", false)]
    public void Cidr(string pattern, string json, bool expected) => Assert.Equal(expected, Match(pattern, json));

    [Theory]
    // fields AND
    [InlineData("""{"a":["x"],"b":[1]}""", """{"a":"x","b":1}""", true)]
    [InlineData("""{"a":["x"],"b":[1]}""", """{"a":"x","b":2}""", false)]
    // nesting
    [InlineData("""{"a":{"b":{"c":["deep"]}}}""", """{"a":{"b":{"c":"deep"}}}""", true)]
    [InlineData("""{"a":{"b":{"c":["deep"]}}}""", """{"a":{"b":{"c":"shallow"}}}""", false)]
    [InlineData("""{"a":{"b":["x"]}}""", """{"a":"x"}""", false)]
    [InlineData("""{"a":{"b":["x"]}}""", """{}""", false)]
    [InlineData("""{"a":["x"]}""", """{"a":{"b":"x"}}""", false)]
    // event arrays: any element
    [InlineData("""{"tags":["red"]}""", """{"tags":["blue","red"]}""", true)]
    [InlineData("""{"tags":["red"]}""", """{"tags":["blue","green"]}""", false)]
    [InlineData("""{"tags":["red"]}""", """{"tags":[]}""", false)]
    [InlineData("""{"tags":["red"]}""", """{"tags":[["red"]]}""", true)]
    [InlineData("""{"items":{"sku":["A1"]}}""", """{"items":[{"sku":"B2"},{"sku":"A1"}]}""", true)]
    // each array element on its own: b from one element and c from another do not combine
    [InlineData("""{"items":{"b":[1],"c":[4]}}""", """{"items":[{"b":1,"c":2},{"b":3,"c":4}]}""", false)]
    [InlineData("""{"items":{"b":[3],"c":[4]}}""", """{"items":[{"b":1,"c":2},{"b":3,"c":4}]}""", true)]
    // $or
    [InlineData("""{"$or":[{"a":["x"]},{"b":["y"]}]}""", """{"b":"y"}""", true)]
    [InlineData("""{"$or":[{"a":["x"]},{"b":["y"]}]}""", """{"b":"x"}""", false)]
    [InlineData("""{"c":[1],"$or":[{"a":["x"]},{"b":["y"]}]}""", """{"a":"x","c":2}""", false)]
    [InlineData("""{"c":[1],"$or":[{"a":["x"]},{"b":["y"]}]}""", """{"a":"x","c":1}""", true)]
    [InlineData("""{"d":{"$or":[{"a":[{"numeric":[">",5]}]},{"a":["big"]}]}}""", """{"d":{"a":"big"}}""", true)]
    [InlineData("""{"d":{"$or":[{"a":[{"numeric":[">",5]}]},{"a":["big"]}]}}""", """{"d":{"a":3}}""", false)]
    // field names are case-sensitive
    [InlineData("""{"Type":["x"]}""", """{"type":"x"}""", false)]
    public void Structure(string pattern, string json, bool expected) => Assert.Equal(expected, Match(pattern, json));
}
