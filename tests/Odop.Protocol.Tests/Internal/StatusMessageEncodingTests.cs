using Odop.Protocol.Internal;

namespace Odop.Protocol.Tests.Internal;

public sealed class StatusMessageEncodingTests
{
    [TestCase("plain ASCII stays as it is", "plain ASCII stays as it is")]
    [TestCase("100%", "100%25")]
    [TestCase("é", "%C3%A9")]
    [TestCase("line\nbreak", "line%0Abreak")]
    [TestCase("日本", "%E6%97%A5%E6%9C%AC")]
    public void Encode_EscapesNonPrintableAsciiAndPercent(string message, string expected) =>
        Assert.That(StatusMessageEncoding.Encode(message), Is.EqualTo(expected));

    [TestCase("")]
    [TestCase("bad input: é ü 日本 ✓ 100% done\r\n\tend 🚀")]
    public void Decode_RoundTrips(string message) =>
        Assert.That(StatusMessageEncoding.Decode(StatusMessageEncoding.Encode(message)), Is.EqualTo(message));

    [TestCase("50%", "50%")]
    [TestCase("%zz", "%zz")]
    [TestCase("%4", "%4")]
    [TestCase("%41b", "Ab")]
    [TestCase("%c3%a9", "é")]
    public void Decode_IsLenientWithMalformedEscapes(string header, string expected) =>
        Assert.That(StatusMessageEncoding.Decode(header), Is.EqualTo(expected));
}
