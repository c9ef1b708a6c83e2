using Odop.Protocol.Internal.Client;

namespace Odop.Protocol.Tests.Internal;

public sealed class ChannelTargetTests
{
    [TestCase("unix:/run/odop/agent.sock")]
    [TestCase("unix:///run/odop/agent.sock")]
    [TestCase("/run/odop/agent.sock")]
    public void UnixForms_AllNameTheSameSocket(string address)
    {
        var target = ChannelTarget.Parse(address);

        Assert.That(target.UnixSocketPath, Is.EqualTo("/run/odop/agent.sock"));
        Assert.That(target.Target, Is.EqualTo("unix:/run/odop/agent.sock"));
    }

    [TestCase("http://127.0.0.1:5000", "http://127.0.0.1:5000")]
    [TestCase("127.0.0.1:5000", "http://127.0.0.1:5000")]
    [TestCase("localhost:5000/ignored/path", "http://localhost:5000")]
    [TestCase("http://[::1]:5000/", "http://[::1]:5000")]
    public void TcpForms_NormaliseToAnHttpAuthority(string address, string expected)
    {
        var target = ChannelTarget.Parse(address);

        Assert.That(target.UnixSocketPath, Is.Null);
        Assert.That(target.Target, Is.EqualTo(expected));
        Assert.That(target.BaseAddress.AbsoluteUri, Is.EqualTo(expected + "/"));
    }

    [TestCase("https://127.0.0.1:5000")]
    [TestCase("dns:///example:50051")]
    [TestCase("")]
    [TestCase("   ")]
    public void Unsupported_Addresses_AreRejected(string address) =>
        Assert.Throws(Is.InstanceOf<ArgumentException>(), () => ChannelTarget.Parse(address));
}
