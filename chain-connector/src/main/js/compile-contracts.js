// Compiles the Chroom contracts with the solc of node_modules (no download) through solc's
// standard JSON interface, and writes <Contract>.abi and <Contract>.bin for each contract named
// below into the output folder, where web3j's wrapper generator picks them up.
//
// usage: node compile-contracts.js <solidity source folder> <output folder>
'use strict';

const fs = require('fs');
const path = require('path');
const solc = require('solc');

const CONTRACTS = [
    'ChroomToken',
    'NodeStaking',
    'RewardsDistributor',
    'UsageLedger',
    'NetworkParameters',
    'ChroomGovernor',
    'ChroomTimelock',
];

const [sourceDir, outDir] = process.argv.slice(2);
if (!sourceDir || !outDir) {
    console.error('usage: node compile-contracts.js <source folder> <output folder>');
    process.exit(2);
}
const moduleRoot = path.resolve(__dirname, '..', '..', '..', 'node_modules');

const sources = {};
for (const name of CONTRACTS) {
    const file = `${name}.sol`;
    sources[file] = { content: fs.readFileSync(path.join(sourceDir, file), 'utf8') };
}

const input = {
    language: 'Solidity',
    sources,
    settings: {
        // Cancun is what OpenZeppelin 5 targets (mcopy) and what current chains run.
        evmVersion: 'cancun',
        optimizer: { enabled: true, runs: 200 },
        outputSelection: {
            '*': { '*': ['abi', 'evm.bytecode.object'] },
        },
    },
};

function findImport(importPath) {
    const candidate = path.join(moduleRoot, importPath);
    if (!candidate.startsWith(moduleRoot + path.sep) || !fs.existsSync(candidate)) {
        return { error: `Import not found in node_modules: ${importPath}` };
    }
    return { contents: fs.readFileSync(candidate, 'utf8') };
}

const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport }));
const errors = (output.errors || []).filter((e) => e.severity === 'error');
for (const message of output.errors || []) {
    // The library's own warnings are its maintainers' business; ours and every error are shown.
    const file = message.sourceLocation ? message.sourceLocation.file : '';
    if (message.severity === 'error' || !file.startsWith('@openzeppelin/')) {
        console.error(message.formattedMessage);
    }
}
if (errors.length > 0) {
    process.exit(1);
}

fs.mkdirSync(outDir, { recursive: true });
for (const name of CONTRACTS) {
    const compiled = output.contracts[`${name}.sol`][name];
    const bytecode = compiled.evm.bytecode.object;
    fs.writeFileSync(path.join(outDir, `${name}.abi`), JSON.stringify(compiled.abi));
    fs.writeFileSync(path.join(outDir, `${name}.bin`), bytecode);
    console.log(`${name}: ${bytecode.length / 2} bytes of creation code`);
}
console.log(`solc ${solc.version()}`);
