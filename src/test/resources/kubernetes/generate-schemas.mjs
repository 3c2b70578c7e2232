// Writes one JSON Schema (draft-07) per Kubernetes kind that jobs/ uses, from the type declarations
// of the npm packages kubernetes-models and @kubernetes-models/apimachinery (see README.md here).
// Every object is strict: its required fields are required and unknown fields are refused.
//   node generate-schemas.mjs PATH/TO/kubernetes-models PATH/TO/apimachinery
import fs from "node:fs";
import path from "node:path";

const KINDS = { "batch-v1-CronJob": "IIoK8sApiBatchV1CronJob", "batch-v1-Job": "IIoK8sApiBatchV1Job" };

const declarations = new Map(); // global name -> { kind: "interface", body } | { kind: "alias", type }

function walk(dir) {
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const file = path.join(dir, entry.name);
		if (entry.isDirectory() && entry.name !== "node_modules") walk(file);
		else if (entry.name.endsWith(".d.ts")) read(fs.readFileSync(file, "utf8"));
	}
}

function read(source) {
	const text = source.replace(/\/\*\*[\s\S]*?\*\//g, "");
	const local = new Map();
	for (const m of text.matchAll(/export interface (\w+)(?: extends [\w, ]+)? \{\n([\s\S]*?)\n\}/g)) {
		local.set(m[1], { kind: "interface", body: m[2] });
	}
	for (const m of text.matchAll(/export declare type (\w+) = ([^;]+);/g)) {
		local.set(m[1], { kind: "alias", type: m[2].trim() });
	}
	for (const m of text.matchAll(/export \{ (\w+) as (IIoK8s\w+)/g)) {
		if (local.has(m[1])) declarations.set(m[2], local.get(m[1]));
	}
}

function properties(body) {
	const result = [];
	const lines = body.split("\n");
	for (let i = 0; i < lines.length; i++) {
		const m = lines[i].match(/^\s+"([^"]+)"(\??): (.*)$/);
		if (!m) continue;
		let type = m[3];
		if (type === "{") {
			const inner = [];
			while (!lines[++i].match(/^\s+\};$/)) inner.push(lines[i].trim());
			type = "{ " + inner.join(" ") + " }";
		}
		result.push({ name: m[1], optional: m[2] === "?", type: type.replace(/;$/, "").trim() });
	}
	return result;
}

const used = new Set();

function schemaOf(type) {
	type = type.trim();
	if (type === "string") return { type: "string" };
	if (type === "number") return { type: "number" };
	if (type === "boolean") return { type: "boolean" };
	if (type === "any" || type === "object") return {};
	if (type === "string | number" || type === "number | string") return { type: ["string", "number"] };
	if (/^("[^"]*")( \| "[^"]*")*$/.test(type)) return { enum: [...type.matchAll(/"([^"]*)"/g)].map((m) => m[1]) };
	let m = type.match(/^Array<(.*)>$/);
	if (m) return { type: "array", items: schemaOf(m[1]) };
	m = type.match(/^\{ \[key: string\]: (.*); \}$/);
	if (m) return { type: "object", additionalProperties: schemaOf(m[1]) };
	if (declarations.has(type)) {
		used.add(type);
		return { $ref: "#/definitions/" + type };
	}
	throw new Error("unknown type: " + type);
}

function definition(name) {
	const declaration = declarations.get(name);
	if (declaration.kind === "alias") return schemaOf(declaration.type);
	const props = properties(declaration.body);
	const schema = { type: "object", properties: {}, additionalProperties: false };
	for (const p of props) schema.properties[p.name] = schemaOf(p.type);
	const required = props.filter((p) => !p.optional).map((p) => p.name);
	if (required.length) schema.required = required;
	return schema;
}

const [models, apimachinery, out = "."] = process.argv.slice(2);
walk(models);
walk(apimachinery);
for (const [file, root] of Object.entries(KINDS)) {
	used.clear();
	const definitions = {};
	const pending = [root];
	while (pending.length) {
		const name = pending.pop();
		if (definitions[name]) continue;
		definitions[name] = definition(name);
		for (const ref of used) if (!definitions[ref]) pending.push(ref);
	}
	const sorted = Object.fromEntries(Object.keys(definitions).sort().map((k) => [k, definitions[k]]));
	const schema = { $schema: "http://json-schema.org/draft-07/schema#", $ref: "#/definitions/" + root, definitions: sorted };
	fs.writeFileSync(path.join(out, file + ".json"), JSON.stringify(schema, null, 1) + "\n");
}
