package io.safetykit.reconciler.run;

import io.safetykit.reconciler.exit.UsageException;

import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameter;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersValidator;

/**
 * Checks a run's job parameters before Spring Batch makes an execution of them, by the rules of
 * {@link RunParametersParser}; the message names the parameter and what to fix, on one line.
 */
public final class RunParametersValidator implements JobParametersValidator {

	@Override
	public void validate(JobParameters parameters) throws InvalidJobParametersException {
		if (parameters.getString(RunParametersParser.RUN_STARTED_AT) == null) {
			throw new InvalidJobParametersException(
					"Job parameter '" + RunParametersParser.RUN_STARTED_AT + "' is missing: start runs with 'run'");
		}
		for (JobParameter<?> parameter : parameters) {
			String key = parameter.name();
			if (!RunParametersParser.KEYS.contains(key) && !key.equals(RunParametersParser.RUN_STARTED_AT)) {
				throw new InvalidJobParametersException("Unknown job parameter '" + key + "'");
			}
		}
		try {
			RunParametersParser.fromJobParameters(parameters);
		}
		catch (UsageException ex) {
			throw new InvalidJobParametersException(ex.getMessage());
		}
	}

}
