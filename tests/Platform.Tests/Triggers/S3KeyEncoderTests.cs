using Platform.Triggers.Routing;

namespace Platform.Tests.Triggers;

public sealed class S3KeyEncoderTests
{
    [Theory]
    [InlineData("photo.jpg", "photo.jpg")]
    [InlineData("red flower.jpg", "red+flower.jpg")]
    [InlineData("a+b.txt", "a%2Bb.txt")]
    [InlineData("images/2026/cat.png", "images/2026/cat.png")]
    [InlineData("a-b_c.d~e", "a-b_c.d~e")]
    [InlineData("report (1).pdf", "report+%281%29.pdf")]
    [InlineData("k=v&x:y*z", "k%3Dv%26x%3Ay%2Az")]
    [InlineData("100%", "100%25")]
    [InlineData("café", "caf%C3%A9")]
    [InlineData("日本", "%E6%97%A5%E6%9C%AC")]
    [InlineData("😀.png", "%F0%9F%98%80.png")]
    public void Encodes_like_S3_notifications(string key, string expected) =>
        Assert.Equal(expected, S3KeyEncoder.Encode(key));

    [Theory]
    [InlineData("red flower+1 (ü).jpg")]
    [InlineData("dir/sub dir/a+b=c.txt")]
    public void Form_decoding_gives_the_key_back(string key) =>
        Assert.Equal(key, System.Net.WebUtility.UrlDecode(S3KeyEncoder.Encode(key)));
}
