using System.Reflection;
using NetArchTest.Rules;

namespace Atra.Tests.Architecture;

/// <summary>
/// In one assembly `internal` does not keep modules apart, so this is the wall: a module reaches another only
/// through that module's Contracts namespace; Shared holds building blocks and knows no module.
/// </summary>
public class ModuleBoundaryTests
{
    private const string Root = "Atra.Modules.";
    private static readonly Assembly Modules = typeof(Atra.Modules.Shared.SharedModule).Assembly;

    private static IEnumerable<string> ModuleNames() =>
        Modules.GetTypes()
            .Select(t => t.Namespace)
            .Where(n => n is not null && n.StartsWith(Root, StringComparison.Ordinal))
            .Select(n => n![Root.Length..].Split('.')[0])
            .Where(m => m != "Shared")
            .Distinct()
            .Order(StringComparer.Ordinal);

    private static string[] NonContractTypes(string module) =>
        [.. Modules.GetTypes()
            .Where(t => t.FullName is not null && t.Namespace is not null
                        && (t.Namespace == Root + module || t.Namespace.StartsWith(Root + module + ".", StringComparison.Ordinal))
                        && !t.Namespace.StartsWith(Root + module + ".Contracts", StringComparison.Ordinal)
                        && !t.Name.StartsWith('<'))
            .Select(t => t.FullName!.Split('`')[0].Replace('+', '/'))];

    [TestCaseSource(nameof(ModuleNames))]
    public void Module_ReferencesOtherModules_OnlyThroughTheirContracts(string module)
    {
        foreach (var other in ModuleNames().Where(m => m != module))
        {
            var forbidden = NonContractTypes(other);
            if (forbidden.Length == 0)
            {
                continue;
            }
            var result = Types.InAssembly(Modules)
                .That().ResideInNamespace(Root + module)
                .ShouldNot().HaveDependencyOnAny(forbidden)
                .GetResult();

            Assert.That(result.FailingTypeNames ?? [], Is.Empty, $"{module} uses {other}'s internals instead of {other}.Contracts");
        }
    }

    [Test]
    public void Shared_DependsOnNoModule()
    {
        var modules = ModuleNames().Select(m => Root + m).ToArray();

        var result = Types.InAssembly(Modules)
            .That().ResideInNamespace(Root + "Shared")
            .ShouldNot().HaveDependencyOnAny(modules)
            .GetResult();

        Assert.That(result.FailingTypeNames ?? [], Is.Empty);
    }

    [Test]
    public void Indicators_ArePureMath_NoDependencyInjectionNoIo()
    {
        var result = Types.InAssembly(Modules)
            .That().ResideInNamespace(Root + "Indicators")
            .ShouldNot().HaveDependencyOnAny("Microsoft.Extensions.DependencyInjection", "System.IO", "System.Net", "Microsoft.Data.Sqlite", "Dapper")
            .GetResult();

        Assert.That(result.FailingTypeNames ?? [], Is.Empty);
    }

    [Test]
    public void ModuleTypes_AreNotPublic_ExceptContractsAndTheModuleEntryPoint()
    {
        var leaks = Modules.GetExportedTypes()
            .Where(t => t.Namespace is not null && t.Namespace.StartsWith(Root, StringComparison.Ordinal))
            .Where(t => !t.Namespace!.StartsWith(Root + "Shared", StringComparison.Ordinal))
            .Where(t => !t.Namespace!.Contains(".Contracts", StringComparison.Ordinal))
            .Where(t => !t.Name.EndsWith("Module", StringComparison.Ordinal))
            .Select(t => t.FullName)
            .ToList();

        Assert.That(leaks, Is.Empty, "a module's public surface is its Contracts folder and its <Module>Module class");
    }
}
