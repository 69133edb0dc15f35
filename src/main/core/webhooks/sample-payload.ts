/** The sample records of test sends live in src/shared, where the event examples use them too. */
export { sampleEntity, sampleRevision } from '@shared/sample-payload'
