import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { allowed, devOnly } from './rules.mjs';

const workspaceDirs = ['packages', 'apps', 'tooling'];
const importPattern = /(?:from\s+|import\s*\(\s*|import\s+|require\s*\(\s*)['"](@lifeline\/[a-z0-9-]+)/g;

function readPackages(root) {
  const packages = [];
  for (const group of workspaceDirs) {
    const groupDir = join(root, group);
    if (!existsSync(groupDir)) continue;
    for (const name of readdirSync(groupDir)) {
      const manifest = join(groupDir, name, 'package.json');
      if (!existsSync(manifest)) continue;
      packages.push({ dir: join(groupDir, name), group, manifest: JSON.parse(readFileSync(manifest, 'utf8')) });
    }
  }
  return packages;
}

function sourceFiles(dir) {
  const out = [];
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(m?[jt]sx?)$/.test(entry)) out.push(path);
  }
  return out;
}

const isTestFile = (file) => /\.test\.[mc]?[jt]sx?$/.test(file) || /[/\\]test[/\\]/.test(file);

/** Find a cycle in a graph given as Map<name, Set<name>>; returns the cycle as a list, or null. */
export function findCycle(graph) {
  const state = new Map();
  const stack = [];
  const visit = (node) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (!state.has(next)) {
        const cycle = visit(next);
        if (cycle) return cycle;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of graph.keys()) {
    if (!state.has(node)) {
      const cycle = visit(node);
      if (cycle) return cycle;
    }
  }
  return null;
}

/** Check the workspace at `root`; returns a list of human-readable violations (empty when clean). */
export function checkLayers(root) {
  const errors = [];
  const packages = readPackages(root);
  const graph = new Map();
  for (const { dir, manifest } of packages) {
    const name = manifest.name;
    const runtime = { ...manifest.dependencies, ...manifest.peerDependencies, ...manifest.optionalDependencies };
    const dev = manifest.devDependencies ?? {};
    const internal = (deps) => Object.keys(deps).filter((d) => d.startsWith('@lifeline/'));
    graph.set(name, new Set([...internal(runtime), ...internal(dev)]));

    const rules = allowed[name];
    if (!rules) continue; // tooling packages are not layered, but still take part in the cycle check
    for (const dep of internal(runtime)) {
      if (!rules.includes(dep)) errors.push(`${name} depends on ${dep}, which its layer may not use`);
    }
    for (const dep of internal(dev)) {
      if (!rules.includes(dep) && !devOnly.includes(dep))
        errors.push(`${name} has a devDependency on ${dep}, which its layer may not use`);
    }
    for (const file of sourceFiles(join(dir, 'src'))) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(importPattern)) {
        const target = match[1];
        if (target === name) continue;
        const where = relative(root, file);
        if (devOnly.includes(target)) {
          if (!isTestFile(file)) errors.push(`${where} imports ${target}, which is for tests only`);
        } else if (!rules.includes(target)) {
          errors.push(`${where} imports ${target}: ${name} may not import it (allowed: ${rules.join(', ') || 'none'})`);
        } else if (!(target in runtime)) {
          errors.push(`${where} imports ${target} without declaring it in dependencies`);
        }
      }
    }
  }
  const cycle = findCycle(graph);
  if (cycle) errors.push(`dependency cycle: ${cycle.join(' -> ')}`);
  return errors;
}
