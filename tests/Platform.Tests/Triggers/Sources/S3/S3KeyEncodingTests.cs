using Platform.Functions.Events;

namespace Platform.Tests.Triggers.Sources.S3;

/// <summary>S3 event keys: form-URL-encoded like Java's URLEncoder (S3's), except that '/' stays.</summary>
public sealed class S3KeyEncodingTests
{
    [Theory]
    [InlineData("photo.jpg", "photo.jpg")]
    [InlineData("red flower.jpg", "red+flower.jpg")]
    [InlineData("a+b.txt", "a%2Bb.txt")]
    [InlineData("images/2026/cat.png", "images/2026/cat.png")]
    [InlineData("a-b_c.d*e~f", "a-b_c.d*e%7Ef")]
    [InlineData("report (1).pdf", "report+%281%29.pdf")]
    [InlineData("k=v&x:y", "k%3Dv%26x%3Ay")]
    [InlineData("100%", "100%25")]
    [InlineData("café", "caf%C3%A9")]
    [InlineData("日本", "%E6%97%A5%E6%9C%AC")]
    [InlineData("😀.png", "%F0%9F%98%80.png")]
    public void Encodes_like_S3_notifications(string key, string expected) =>
        Assert.Equal(expected, S3ObjectKey.Encode(key));

    [Theory]
    [InlineData("red flower+1 (ü).jpg")]
    [InlineData("dir/sub dir/a+b=c.txt")]
    public void Form_decoding_gives_the_key_back(string key) =>
        Assert.Equal(key, System.Net.WebUtility.UrlDecode(S3ObjectKey.Encode(key)));
}
