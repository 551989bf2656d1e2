#!/usr/bin/env node
// dist/cli/run.js is the bundle of @oclif/core that every command shares (scripts/build.mjs).
import { execute } from '../dist/cli/run.js'

await execute({ dir: import.meta.url })
