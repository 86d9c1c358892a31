/** The task type of "Run File with Tracing" runs (declared in contributes.json's taskDefinitions). */
export const TASK_TYPE = 'spanscope-run';
