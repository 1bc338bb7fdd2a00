package io.pgrepl.core.model;

/**
 * A declared value that cannot be used, with the setting it came from, so that whoever read the
 * configuration can name it as the user wrote it.
 */
public class InvalidSettingException extends ReplicationArgumentException {

	private final SettingRef setting;

	private final Message problem;

	/**
	 * @param setting the setting at fault
	 * @param problem what is wrong, naming the settings involved
	 */
	public InvalidSettingException(SettingRef setting, Message problem) {
		super(SettingNames.CORE.name(setting), problem.toString());
		this.setting = setting;
		this.problem = problem;
	}

	public SettingRef getSetting() {
		return this.setting;
	}

	public Message getProblem() {
		return this.problem;
	}

	/** The message with settings named as {@code names} calls them. */
	public String getMessage(SettingNames names) {
		return this.problem.render(names);
	}

}
