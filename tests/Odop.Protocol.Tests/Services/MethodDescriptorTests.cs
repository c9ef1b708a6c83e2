using System.Reflection;
using Google.Protobuf.Reflection;
using Odop.Protocol.V1;

namespace Odop.Protocol.Tests.Services;

/// <summary>The hand-written descriptors must match the .proto files exactly, method for method.</summary>
public sealed class MethodDescriptorTests
{
    private static readonly (Type Holder, ServiceDescriptor Service)[] Services =
    [
        (typeof(QueueMethods), QueueReflection.Descriptor.FindTypeByName<ServiceDescriptor>("Queue")),
        (typeof(ExecutionsMethods), ExecutionsReflection.Descriptor.FindTypeByName<ServiceDescriptor>("Executions")),
        (typeof(EngineMethods), EngineReflection.Descriptor.FindTypeByName<ServiceDescriptor>("Engine")),
        (typeof(MonitorMethods), MonitorReflection.Descriptor.FindTypeByName<ServiceDescriptor>("Monitor")),
    ];

    [Test]
    public void EveryProtoMethod_HasAMatchingDescriptor()
    {
        foreach (var (holder, service) in Services)
        {
            var declared = holder.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.FieldType.IsGenericType && f.FieldType.GetGenericTypeDefinition() == typeof(Method<,>))
                .ToDictionary(f => f.Name, f => f.GetValue(null)!);

            Assert.That(declared.Keys, Is.EquivalentTo(service.Methods.Select(m => m.Name)), service.FullName);
            foreach (var proto in service.Methods)
            {
                dynamic method = declared[proto.Name];
                Type[] types = declared[proto.Name].GetType().GetGenericArguments();
                Assert.That((string)method.FullName, Is.EqualTo($"/{service.FullName}/{proto.Name}"));
                Assert.That((string)method.ServiceName, Is.EqualTo(service.FullName));
                Assert.That((MethodType)method.Type, Is.EqualTo(proto.IsServerStreaming ? MethodType.ServerStreaming : MethodType.Unary));
                Assert.That(proto.IsClientStreaming, Is.False);
                Assert.That(types[0], Is.EqualTo(proto.InputType.ClrType), proto.FullName);
                Assert.That(types[1], Is.EqualTo(proto.OutputType.ClrType), proto.FullName);
            }
        }
    }
}
